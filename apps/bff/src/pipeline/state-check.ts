import type { QuoteState } from '@candlewire/protocol';
import type { SymbolState } from './symbol-state';

/** Quote states are re-checked at most this often (sessions open and close, sources go stale). */
export const QUOTE_STATE_CHECK_MS = 1000;

/** Inputs of `createStateCheck`. */
export interface StateCheckInputs {
  actives: () => Iterable<SymbolState>;
  quoteState: (s: SymbolState, at: number) => QuoteState;
  /** Told about each symbol whose state changed (then `s.state` is already the new one). */
  changed: (s: SymbolState) => void;
}

/** Returns the check run after each watermark: every active symbol's quote state, at most once per QUOTE_STATE_CHECK_MS. */
export function createStateCheck({ actives, quoteState, changed }: StateCheckInputs): (at: number) => void {
  let lastCheck = 0;
  return (at) => {
    if (at - lastCheck < QUOTE_STATE_CHECK_MS) return;
    lastCheck = at;
    for (const s of actives()) {
      const state = quoteState(s, at);
      if (state !== s.state) {
        s.state = state;
        changed(s);
      }
    }
  };
}
