import type { QuoteState } from '@candlewire/protocol';
import type { SourceState } from '../sources/types';
import type { SymbolState } from './symbol-state';

/** The quote state of a symbol: the venue's per-symbol report first, then its source and session. */
export function quoteStateOf(s: SymbolState, venue: SourceState | undefined, at: number): QuoteState {
  if (venue === 'stale' || venue === 'down') return 'stale';
  if (venue === 'closed') return 'closed';
  if (s.owner.health().state === 'stale') return 'stale';
  return s.owner.isTrading(s.instrument.symbol, at) ? 'live' : 'closed';
}

/** Per-symbol venue health (`sink.symbolState`): kept for `/api/status`, fed into quote states. */
export interface SymbolHealth {
  /** Symbols reported not live. */
  readonly states: Map<string, SourceState>;
  quoteState(s: SymbolState, at: number): QuoteState;
  /** Records a report; returns true when `s`'s quote state changed (then `s.state` is updated). */
  report(symbol: string, state: SourceState, s: SymbolState | undefined, at: number): boolean;
  forget(symbol: string): void;
}

/** Creates the per-symbol health record. */
export function createSymbolHealth(): SymbolHealth {
  const states = new Map<string, SourceState>();
  const quoteState = (s: SymbolState, at: number): QuoteState => quoteStateOf(s, states.get(s.instrument.symbol), at);
  return {
    states,
    quoteState,
    report(symbol, state, s, at) {
      if (state === 'live') states.delete(symbol);
      else states.set(symbol, state);
      if (s === undefined) return false;
      const next = quoteState(s, at);
      if (next === s.state) return false;
      s.state = next;
      return true;
    },
    forget: (symbol) => void states.delete(symbol),
  };
}
