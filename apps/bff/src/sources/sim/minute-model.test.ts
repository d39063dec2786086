import { roundToTick, volumeDecimals, type Instrument } from '@candlewire/market';
import { describe, expect, it } from 'vitest';
import { createTickRounder, TRADE_ID_STRIDE } from './minute-model';
import { createSimSource, type SimSource } from './sim-source';
import { decimalsOfStep, instrument } from '../../../test/sim-test-utils';

const BASE_MINUTE = Math.floor(Date.UTC(2025, 10, 18, 13, 0) / 60_000);
const SYMBOLS = ['AAPL', 'BTC-USDT', 'ETH-USDT', 'DOGE-USDT', '600519.SH', '600000.SH', '0700.HK', '0005.HK'];

/** The first problem of minute `m` of `symbol`, or null (plain checks: expect() per trade is slow). */
function checkMinute(source: SimSource, symbol: string, m: number, inst: Instrument = instrument(symbol)): string | null {
  const decimals = decimalsOfStep(inst.lot);
  const lotUnits = Math.round(inst.lot * 10 ** decimals);
  const s = source.minuteSummary(symbol, m);
  const trades = source.minuteTrades(symbol, m);
  if (s === null) return trades.length === 0 ? null : 'trades without a summary';
  const first = trades[0];
  const last = trades[trades.length - 1];
  if (first === undefined || last === undefined || trades.length !== s.n) return `n ${s.n} vs ${trades.length}`;
  if (s.time !== m * 60) return 'time';
  if (first.price !== s.open || last.price !== s.close) return 'open/close';
  if (first.time !== m * 60_000 + s.firstMs || last.time !== m * 60_000 + s.lastMs) return 'first/last time';
  if (Math.max(...trades.map((t) => t.price)) !== s.high) return 'high';
  if (Math.min(...trades.map((t) => t.price)) !== s.low) return 'low';
  let units = 0;
  let prevTime = m * 60_000;
  let prevId = -1;
  for (const t of trades) {
    const u = Math.round(t.size * 10 ** decimals);
    if (t.symbol !== symbol) return 'symbol';
    if (!(t.price > 0) || t.price !== roundToTick(t.price, inst.tickSize)) return `price off tick ${t.price}`;
    if (Math.abs(u - t.size * 10 ** decimals) > 1e-6 || u % lotUnits !== 0 || u < lotUnits) return `size ${t.size}`;
    if (!Number.isInteger(t.time) || t.time < prevTime || t.time >= (m + 1) * 60_000) return `time ${t.time}`;
    if (t.id <= prevId || Math.floor(t.id / TRADE_ID_STRIDE) !== m) return `id ${t.id}`;
    if (!(t.bid <= t.price && t.price <= t.ask && t.bid < t.ask)) return `quote ${t.bid} ${t.price} ${t.ask}`;
    if (t.bid !== roundToTick(t.bid, inst.tickSize) || t.ask !== roundToTick(t.ask, inst.tickSize)) return 'quote off tick';
    if (t.ask - t.bid > inst.tickSize * 5.5) return 'spread';
    if (t.side !== 'buy' && t.side !== 'sell') return 'side';
    units += u;
    prevTime = t.time;
    prevId = t.id;
  }
  return units === s.units ? null : `units ${units} vs ${s.units}`;
}

describe('minute model', () => {
  it('realises every minute summary exactly with valid trades', () => {
    for (const symbol of SYMBOLS) expect(decimalsOfStep(instrument(symbol).lot)).toBe(volumeDecimals(instrument(symbol)));
    const busy = createSimSource({ seed: 'realise', sessions: 'always', emptyBuckets: 'flat' });
    // NOTE: a very quiet source exercises the 1-, 2- and 3-trade minutes.
    const quiet = createSimSource({ seed: 'realise', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 0.04 });
    const problems: string[] = [];
    const counts = new Map<number, number>();
    let checked = 0;
    for (const source of [busy, quiet]) {
      for (const symbol of SYMBOLS) {
        for (let m = BASE_MINUTE; m < BASE_MINUTE + 1500; m += 1) {
          const problem = checkMinute(source, symbol, m);
          if (problem !== null) problems.push(`${symbol} ${m}: ${problem}`);
          const n = source.minuteSummary(symbol, m)?.n ?? 0;
          if (n > 0) checked += 1;
          counts.set(Math.min(n, 4), (counts.get(Math.min(n, 4)) ?? 0) + 1);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(15_000);
    expect(counts.get(1) ?? 0).toBeGreaterThan(100);
    expect(counts.get(2) ?? 0).toBeGreaterThan(100);
    expect(counts.get(3) ?? 0).toBeGreaterThan(50);
  });

  it('simulates instruments missing from the profile table', () => {
    const custom = {
      symbol: 'ZZZT',
      name: 'Test Co',
      market: 'US',
      currency: 'USD',
      tickSize: 0.05,
      lot: 10,
      timezone: 'America/New_York',
    } as const;
    const source = createSimSource({ seed: 'custom', sessions: 'always', emptyBuckets: 'flat', instruments: [custom] });
    expect(source.instruments()).toEqual([custom]);
    const problems: string[] = [];
    let trades = 0;
    for (let m = BASE_MINUTE; m < BASE_MINUTE + 300; m += 1) {
      const problem = checkMinute(source, 'ZZZT', m, custom);
      if (problem !== null) problems.push(problem);
      trades += source.minuteSummary('ZZZT', m)?.n ?? 0;
    }
    expect(problems).toEqual([]);
    expect(trades).toBeGreaterThan(300);
    expect(() => source.minuteSummary('AAPL', BASE_MINUTE)).toThrow(/unknown symbol/);
  });

  it('keeps 1- and 2-trade summaries consistent with their endpoints', () => {
    const source = createSimSource({ seed: 'sparse', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 0.02 });
    let seen = 0;
    for (let m = BASE_MINUTE; m < BASE_MINUTE + 20_000 && seen < 200; m += 1) {
      const s = source.minuteSummary('TSLA', m);
      if (s === null || s.n > 2) continue;
      seen += 1;
      expect(s.high).toBe(Math.max(s.open, s.close));
      expect(s.low).toBe(Math.min(s.open, s.close));
      if (s.n === 1) expect(s.open).toBe(s.close);
    }
    expect(seen).toBe(200);
  });

  it('rounds to the tick exactly like roundToTick', () => {
    const mismatches: string[] = [];
    for (const tick of [0.01, 0.05, 0.5, 0.2, 0.0001, 0.00001, 1, 0.1]) {
      const toTick = createTickRounder(tick);
      for (let i = 0; i < 20_000; i += 1) {
        const price = (1 + ((i * 7919) % 10_007)) * tick * 1.37 + i * 0.000123;
        if (toTick(price) !== roundToTick(price, tick)) mismatches.push(`${tick} ${price}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('handles load-test rates: 45 × 100 trades/s minutes are cheap', () => {
    const source = createSimSource({ seed: 'load', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 100 });
    const started = performance.now();
    let total = 0;
    for (const inst of source.instruments()) total += source.minuteTrades(inst.symbol, BASE_MINUTE).length;
    const elapsed = performance.now() - started;
    expect(total).toBeGreaterThan(source.instruments().length * 100 * 60 * 0.5);
    // Generous bound (CI machines vary): a minute of every symbol well under a second.
    expect(elapsed).toBeLessThan(1000);
  });
});
