/**
 * Per-symbol `live` / `stale` / `down` of the Binance source (crypto never closes): a frame makes
 * a symbol live, silence for the stale window makes it stale, a lost connection makes its
 * symbols down. Only changes of wanted symbols are reported.
 */
import type { SourceState } from '../types';
import { createStaleWatchdog } from '../venue-kit/stale-watchdog';

/** Options of `createSymbolStates`. */
export interface SymbolStatesOptions {
  staleMs: number;
  now: () => number;
  /** Whether `symbol` is still wanted (others are never reported). */
  isWanted(symbol: string): boolean;
  /** Reports a state change. */
  report(symbol: string, state: SourceState): void;
}

/** The per-symbol states. */
export interface SymbolStates {
  watch(symbol: string): void;
  /** Forgets `symbol` (unsubscribed). */
  unwatch(symbol: string): void;
  /** A frame of `symbol` arrived. */
  heard(symbol: string): void;
  /** The connection carrying `symbol` is gone. */
  down(symbol: string): void;
  stop(): void;
}

/** Creates the per-symbol states. */
export function createSymbolStates(options: SymbolStatesOptions): SymbolStates {
  const states = new Map<string, SourceState>();
  const set = (symbol: string, state: SourceState): void => {
    if (states.get(symbol) === state || !options.isWanted(symbol)) return;
    states.set(symbol, state);
    options.report(symbol, state);
  };
  const watchdog = createStaleWatchdog({
    windowMs: options.staleMs,
    now: options.now,
    onStale: (symbol) => {
      if (states.get(symbol) !== 'down') set(symbol, 'stale');
    },
    onLive: () => undefined, // NOTE: `heard` below sets live, also after `down`.
  });
  return {
    watch: (symbol) => watchdog.watch(symbol),
    unwatch(symbol) {
      watchdog.unwatch(symbol);
      states.delete(symbol);
    },
    heard(symbol) {
      watchdog.heard(symbol);
      if (states.get(symbol) !== 'live') set(symbol, 'live');
    },
    down: (symbol) => set(symbol, 'down'),
    stop: () => watchdog.stop(),
  };
}
