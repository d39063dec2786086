/**
 * `window.__candlewire` (contract §8): what each mounted chart holds, for tests and diagnostics.
 * The shell may add its own fields by merging into `CandlewireTestHooks`.
 */
import type { Candle } from '@candlewire/protocol';

declare global {
  /** Test hooks on `window.__candlewire` (interface: other modules may merge fields in). */
  interface CandlewireTestHooks {
    /** Candles the chart for `symbol`+`interval` holds now, oldest first, UTC epoch seconds; a copy. */
    candles(symbol: string, interval: string): Candle[];
    /** `performance.now()` when the first chart painted candles (time to first candle). */
    firstCandleAt?: number;
  }
  interface Window {
    __candlewire?: CandlewireTestHooks;
  }
}

const charts = new Map<string, Set<() => Candle[]>>();

function hooks(): CandlewireTestHooks {
  // NOTE: the shell may already have put other hooks here: extend the object, never replace it.
  const existing = window.__candlewire;
  if (existing !== undefined) {
    existing.candles = readCandles;
    return existing;
  }
  const created: CandlewireTestHooks = { candles: readCandles };
  window.__candlewire = created;
  return created;
}

function readCandles(symbol: string, interval: string): Candle[] {
  const getters = charts.get(`${symbol}:${interval}`);
  const first = getters?.values().next();
  return first === undefined || first.done === true ? [] : first.value();
}

/** Registers a mounted chart's reader; returns the unregister function. */
export function registerChart(symbol: string, interval: string, read: () => Candle[]): () => void {
  hooks();
  const key = `${symbol}:${interval}`;
  let set = charts.get(key);
  if (set === undefined) charts.set(key, (set = new Set()));
  set.add(read);
  return () => {
    set.delete(read);
    if (set.size === 0) charts.delete(key);
  };
}

/** Records the first paint with candles (once per page load). */
export function markFirstCandle(): void {
  const h = hooks();
  h.firstCandleAt ??= performance.now();
}
