/**
 * Test helpers of the simulator: an independent brute-force candle aggregation (deliberately
 * not using the market package's aggregator) and small fixtures.
 */
import { findInstrument, type CandleState, type Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { SourceSink, SourceTrade } from '../src/sources/types';
import type { SimSource } from '../src/sources/sim/sim-source';

const LENGTH_SEC: Readonly<Record<Exclude<Interval, '1d'>, number>> = { '1s': 1, '1m': 60, '5m': 300, '15m': 900, '1h': 3600 };

/** The instrument `symbol` (throws when unknown). */
export function instrument(symbol: string): Instrument {
  const found = findInstrument(symbol);
  if (found === undefined) throw new Error(`no instrument ${symbol}`);
  return found;
}

/** Decimals of a step such as 0.00001 (5) or 100 (0), computed independently of the market package. */
export function decimalsOfStep(step: number): number {
  let d = 0;
  while (d < 12 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9) d += 1;
  return d;
}

/** Every trade of `symbol` with fromMs ≤ time < untilMs, in order, from `minuteTrades`. */
export function tradesBetween(source: SimSource, symbol: string, fromMs: number, untilMs: number): SourceTrade[] {
  const out: SourceTrade[] = [];
  for (let m = Math.floor(fromMs / 60_000); m * 60_000 < untilMs; m += 1) {
    for (const t of source.minuteTrades(symbol, m)) if (t.time >= fromMs && t.time < untilMs) out.push(t);
  }
  return out;
}

/**
 * Brute-force candles of `trades` (all in the range) on `interval`, empty buckets skipped.
 * `dayStartSec` gives the start of the local day holding an instant (1d only).
 */
export function bruteForceCandles(
  trades: readonly SourceTrade[],
  interval: Interval,
  decimals: number,
  dayStartSec: (ms: number) => number,
): CandleState[] {
  const buckets = new Map<number, CandleState>();
  // NOTE: the zones used have whole-hour offsets, so a UTC hour lies inside one local day.
  const dayStarts = new Map<number, number>();
  for (const t of trades) {
    let start: number;
    if (interval === '1d') {
      const hour = Math.floor(t.time / 3_600_000);
      let s = dayStarts.get(hour);
      if (s === undefined) {
        s = dayStartSec(t.time);
        dayStarts.set(hour, s);
      }
      start = s;
    } else {
      const len = LENGTH_SEC[interval];
      start = Math.floor(t.time / 1000 / len) * len;
    }
    const units = Math.round(t.size * 10 ** decimals);
    const c = buckets.get(start);
    if (c === undefined) {
      buckets.set(start, { time: start, open: t.price, high: t.price, low: t.price, close: t.price, units });
    } else {
      c.high = Math.max(c.high, t.price);
      c.low = Math.min(c.low, t.price);
      c.close = t.price;
      c.units += units;
    }
  }
  return [...buckets.values()].sort((a, b) => a.time - b.time);
}

/** One call recorded by `recordingSink`. */
export type SinkEvent = { kind: 'trades'; batch: SourceTrade[] } | { kind: 'watermark'; ms: number };

/** A sink that records every call in order. */
export function recordingSink(): { events: SinkEvent[]; sink: SourceSink } {
  const events: SinkEvent[] = [];
  return {
    events,
    sink: {
      trades: (batch) => events.push({ kind: 'trades', batch: [...batch] }),
      watermark: (ms) => events.push({ kind: 'watermark', ms }),
      // NOTE: the simulation only ever delivers trades and watermarks.
      quotes: () => undefined,
      candles: () => undefined,
      symbolState: () => undefined,
    },
  };
}
