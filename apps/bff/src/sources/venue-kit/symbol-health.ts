import type { SourceState } from '../types';
import { createStaleWatchdog } from './stale-watchdog';

/** Options of `createSymbolHealth`. */
export interface SymbolHealthOptions {
  /** A trading symbol that hears nothing for this long is stale, ms. */
  windowMs: number;
  /** True when the symbol's market is in session at `ms` (pre, regular or post). */
  isTrading: (symbol: string, ms: number) => boolean;
  /** Called on every change of a symbol's state (and once when it starts being watched). */
  onState: (symbol: string, state: SourceState) => void;
  /** How often sessions are re-checked, ms (default 1000). */
  checkMs?: number;
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** Session-aware per-symbol health over a stale watchdog: `down` without a connection, `closed` out of session, else `live | stale`. */
export interface SymbolHealth {
  /** Starts tracking `symbol` (reports its first state); idempotent. */
  watch(symbol: string): void;
  /** Stops tracking `symbol` (no report). */
  unwatch(symbol: string): void;
  /** `symbol` got a message now. */
  heard(symbol: string): void;
  /** The upstream connection opened (true) or was lost (false). */
  setConnected(connected: boolean): void;
  /** The last reported state of `symbol`, or undefined when not watched. */
  state(symbol: string): SourceState | undefined;
  /** Stops every timer; idempotent. */
  stop(): void;
}

/** Creates the per-symbol health tracker (fake-timer testable: one interval plus the watchdog's). */
export function createSymbolHealth(options: SymbolHealthOptions): SymbolHealth {
  const now = options.now ?? Date.now;
  const states = new Map<string, SourceState | null>();
  let connected = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  const evaluate = (symbol: string): void => {
    const previous = states.get(symbol);
    if (previous === undefined) return;
    let next: SourceState;
    if (!connected) {
      watchdog.unwatch(symbol);
      next = 'down';
    } else if (!options.isTrading(symbol, now())) {
      // NOTE: out of session silence is expected: the stale window restarts at the next open.
      watchdog.unwatch(symbol);
      next = 'closed';
    } else {
      watchdog.watch(symbol);
      next = watchdog.isStale(symbol) ? 'stale' : 'live';
    }
    if (next === previous) return;
    states.set(symbol, next);
    options.onState(symbol, next);
  };
  const watchdog = createStaleWatchdog({ windowMs: options.windowMs, onStale: evaluate, onLive: evaluate, now });
  const evaluateAll = (): void => {
    for (const symbol of states.keys()) evaluate(symbol);
  };

  return {
    watch(symbol) {
      if (states.has(symbol)) return;
      states.set(symbol, null);
      if (timer === null) {
        timer = setInterval(evaluateAll, options.checkMs ?? 1000);
        timer.unref?.();
      }
      evaluate(symbol);
    },
    unwatch(symbol) {
      states.delete(symbol);
      watchdog.unwatch(symbol);
      if (states.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    },
    heard(symbol) {
      watchdog.heard(symbol);
    },
    setConnected(value) {
      if (connected === value) return;
      connected = value;
      evaluateAll();
    },
    state: (symbol) => states.get(symbol) ?? undefined,
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      watchdog.stop();
      states.clear();
    },
  };
}
