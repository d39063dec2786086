import { startOfLocalDay, type CandleState } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { createSimSource, type SimSource } from './sim-source';
import { bruteForceCandles, decimalsOfStep, instrument, tradesBetween } from '../../../test/sim-test-utils';

/** Thursday 2025-11-20, 15:47:23.456 UTC (10:47 in New York): mid-minute on purpose. */
const UNTIL = Date.UTC(2025, 10, 20, 15, 47, 23, 456);
const STEP_SEC: Readonly<Record<Exclude<Interval, '1d'>, number>> = { '1s': 1, '1m': 60, '5m': 300, '15m': 900, '1h': 3600 };

function expected(source: SimSource, symbol: string, interval: Interval, fromSec: number, untilMs: number): CandleState[] {
  const inst = instrument(symbol);
  const trades = tradesBetween(source, symbol, fromSec * 1000, untilMs);
  const candles = bruteForceCandles(trades, interval, decimalsOfStep(inst.lot), (ms) => startOfLocalDay(inst.timezone, ms) / 1000);
  // Buckets starting before fromSec hold only part of their trades here: history leaves them out.
  return candles.filter((c) => c.time >= fromSec);
}

/** Last trade price before `ms`, found by walking minute summaries (and trades of ms's minute). */
function priceBefore(source: SimSource, symbol: string, ms: number): number | null {
  const partial = tradesBetween(source, symbol, Math.floor(ms / 60_000) * 60_000, ms);
  const last = partial[partial.length - 1];
  if (last !== undefined) return last.price;
  for (let m = Math.floor(ms / 60_000) - 1; m > ms / 60_000 - 20_000; m -= 1) {
    const s = source.minuteSummary(symbol, m);
    if (s !== null) return s.close;
  }
  return null;
}

/** Adds flat candles for the empty closed buckets of a fixed grid [fromSec, untilMs). */
function withFlats(candles: CandleState[], step: number, fromSec: number, untilMs: number, prev: number | null): CandleState[] {
  const byTime = new Map(candles.map((c) => [c.time, c]));
  const out: CandleState[] = [];
  let close = prev;
  const first = Math.ceil(fromSec / step) * step;
  for (let t = first; (t + step) * 1000 <= untilMs; t += step) {
    const c = byTime.get(t);
    if (c !== undefined) {
      out.push(c);
      close = c.close;
    } else if (close !== null) {
      out.push({ time: t, open: close, high: close, low: close, close, units: 0 });
    }
  }
  const forming = candles[candles.length - 1];
  if (forming !== undefined && (forming.time + step) * 1000 > untilMs) out.push(forming);
  return out;
}

describe('history', () => {
  const skip = createSimSource({ seed: 'history', sessions: 'always', emptyBuckets: 'skip' });
  const flat = createSimSource({ seed: 'history', sessions: 'always', emptyBuckets: 'flat' });

  it.each(['1m', '5m', '15m'] as const)('%s over hours equals a brute-force aggregation of the trades', async (interval) => {
    const fromSec = Math.floor(UNTIL / 1000) - 5 * 3600 - 17;
    const want = expected(skip, 'AAPL', interval, fromSec, UNTIL);
    const got = await skip.history('AAPL', interval, fromSec, UNTIL);
    expect(got.length).toBeGreaterThan(15);
    expect(got).toEqual(want);
    const prev = priceBefore(flat, 'AAPL', Math.ceil(fromSec / STEP_SEC[interval]) * STEP_SEC[interval] * 1000);
    expect(await flat.history('AAPL', interval, fromSec, UNTIL)).toEqual(withFlats(want, STEP_SEC[interval], fromSec, UNTIL, prev));
  });

  it.each(['1h', '1d'] as const)('%s over days equals a brute-force aggregation of the trades', async (interval) => {
    const tz = instrument('AAPL').timezone;
    const fromSec = startOfLocalDay(tz, UNTIL - 2 * 86_400_000) / 1000;
    const want = expected(skip, 'AAPL', interval, fromSec, UNTIL);
    const got = await skip.history('AAPL', interval, fromSec, UNTIL);
    expect(got.length).toBe(interval === '1d' ? 3 : want.length);
    expect(got).toEqual(want);
    // Every bucket of 'always' AAPL has trades, so 'flat' adds nothing.
    expect(await flat.history('AAPL', interval, fromSec, UNTIL)).toEqual(want);
  });

  it('1s over a few minutes equals aggregating the trades, with flat fills', async () => {
    const fromSec = Math.floor(UNTIL / 1000) - 300;
    const want = expected(skip, '0005.HK', '1s', fromSec, UNTIL);
    expect(await skip.history('0005.HK', '1s', fromSec, UNTIL)).toEqual(want);
    const got = await flat.history('0005.HK', '1s', fromSec, UNTIL);
    const filled = withFlats(want, 1, fromSec, UNTIL, priceBefore(flat, '0005.HK', fromSec * 1000));
    expect(got.some((c) => c.units === 0)).toBe(true);
    expect(got).toEqual(filled);
  });

  it('crypto fractional volumes and minute-aligned ends', async () => {
    const until = Math.floor(UNTIL / 60_000) * 60_000;
    const fromSec = until / 1000 - 3 * 3600;
    for (const interval of ['1m', '1h'] as const) {
      const got = await skip.history('BTC-USDT', interval, fromSec, until);
      expect(got).toEqual(expected(skip, 'BTC-USDT', interval, fromSec, until));
      expect(got.every((c) => Number.isInteger(c.units) && c.units > 0)).toBe(true);
    }
  });

  it('is consistent across ranges, cache hits and intervals', async () => {
    const source = createSimSource({ seed: 'history', sessions: 'always', emptyBuckets: 'flat' });
    const fromSec = Math.floor(UNTIL / 1000) - 3 * 86_400;
    const long = await source.history('ETH-USDT', '1m', fromSec, UNTIL);
    const again = await source.history('ETH-USDT', '1m', fromSec, UNTIL);
    expect(again).toEqual(long);
    const shortFrom = fromSec + 86_400 + 3600 * 7 + 60 * 13;
    const short = await createSimSource({ seed: 'history', sessions: 'always', emptyBuckets: 'flat' }).history(
      'ETH-USDT',
      '1m',
      shortFrom,
      UNTIL,
    );
    expect(short).toEqual(long.filter((c) => c.time >= shortFrom));
    // 5m candles are 1m candles merged.
    const five = await source.history('ETH-USDT', '5m', fromSec, UNTIL);
    for (const c of five.slice(0, 50)) {
      const parts = long.filter((p) => p.time >= c.time && p.time < c.time + 300);
      expect(c.open).toBe(parts[0]?.open);
      expect(c.close).toBe(parts[parts.length - 1]?.close);
      expect(c.high).toBe(Math.max(...parts.map((p) => p.high)));
      expect(c.low).toBe(Math.min(...parts.map((p) => p.low)));
      expect(c.units).toBe(parts.reduce((sum, p) => sum + p.units, 0));
    }
  });

  it('follows the calendar with real sessions', async () => {
    const real = createSimSource({ seed: 'history', sessions: 'real', emptyBuckets: 'skip' });
    const realFlat = createSimSource({ seed: 'history', sessions: 'real', emptyBuckets: 'flat' });
    // Friday 2025-11-21 00:00 → Monday 2025-11-24 18:00 UTC.
    const fromSec = Date.UTC(2025, 10, 21) / 1000;
    const until = Date.UTC(2025, 10, 24, 18, 0, 30);
    const got = await real.history('AAPL', '1h', fromSec, until);
    expect(got).toEqual(expected(real, 'AAPL', '1h', fromSec, until));
    const flats = await realFlat.history('AAPL', '1h', fromSec, until);
    const weekend = flats.filter((c) => c.time >= Date.UTC(2025, 10, 22, 1) / 1000 && c.time < Date.UTC(2025, 10, 24, 9) / 1000);
    expect(weekend).toEqual([]);
    expect(flats.length).toBeGreaterThanOrEqual(got.length);
    const daily = await realFlat.history('AAPL', '1d', Date.UTC(2025, 9, 1) / 1000, until);
    const days = daily.map((c) => new Date(c.time * 1000 + 12 * 3600_000).getUTCDay());
    expect(days.every((d) => d >= 1 && d <= 5)).toBe(true);
    expect(daily.length).toBeGreaterThan(30);
  });

  it('rejects unknown symbols and empty ranges', async () => {
    await expect(skip.history('NOPE', '1m', 0, UNTIL)).rejects.toThrow(/unknown symbol/);
    expect(await skip.history('AAPL', '1m', UNTIL / 1000 + 60, UNTIL)).toEqual([]);
  });
});
