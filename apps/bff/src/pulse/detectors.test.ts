import type { Alert } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { Rng } from '../sources/sim/rng';
import { alertMessage, createDetectors, formatPct, type DetectorTrade } from './detectors';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

const US: Thresholds = DEFAULT_THRESHOLDS.US; // 1 % in 60 s, volume 5× the last 20 minutes, cooldown 300 s
const T0 = Date.parse('2026-03-05T15:00:00Z');
const MIN = 60_000;

/** Seeded generator (the simulation's): the sequences are generated, never hard-coded. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** A planted event: over [at, at + spanMs) the price moves by `pct` % (a level shift) or the sizes are `sizeFactor`× larger. */
interface Plant {
  at: number;
  spanMs: number;
  pct?: number;
  sizeFactor?: number;
}

/**
 * A quiet market for `minutes`: about 2 trades a second, sizes 80–120, a mean-reverting walk of
 * ±0.01 % steps (far from 1 % a minute), plus the planted events.
 */
function generate(symbol: string, seed: number, minutes: number, plants: Plant[] = [], start = T0): DetectorTrade[] {
  const rand = rng(seed);
  const out: DetectorTrade[] = [];
  const level = 100; // level shifts from planted moves
  let noise = 0;
  for (let time = start; time < start + minutes * MIN; time += 300 + Math.floor(400 * rand())) {
    noise = noise * 0.98 + (rand() - 0.5) * 0.0002;
    let size = 80 + Math.floor(40 * rand());
    let shift = 0;
    for (const p of plants) {
      if (time < p.at) continue;
      const done = Math.min(1, (time - p.at) / p.spanMs);
      if (p.pct !== undefined) shift += (p.pct / 100) * done;
      if (p.sizeFactor !== undefined && time < p.at + p.spanMs) size *= p.sizeFactor;
    }
    out.push({ symbol, price: Math.round(level * (1 + shift) * (1 + noise) * 100) / 100, size, time });
  }
  return out;
}

/** Merges per-symbol sequences by time (the order a source delivers them). */
const interleave = (...seqs: DetectorTrade[][]): DetectorTrade[] => seqs.flat().sort((a, b) => a.time - b.time);

const run = (trades: DetectorTrade[], thresholds: Thresholds = US): Alert[] => {
  const detectors = createDetectors(() => thresholds);
  return trades.flatMap((t) => detectors.add(t));
};

describe('detectors', () => {
  it('report nothing on quiet markets', () => {
    const trades = interleave(...['AAPL', 'MSFT', 'NVDA', 'BTC-USDT'].map((s, i) => generate(s, 11 + i, 120)));
    expect(trades.length).toBeGreaterThan(50_000);
    expect(run(trades)).toEqual([]);
  });

  it('report every planted surge, plunge and volume spike exactly once, and nothing else', () => {
    const plants: Record<string, Plant[]> = {
      NVDA: [
        { at: T0 + 30 * MIN, spanMs: 10_000, pct: 3 }, // +3 % in 10 s
        { at: T0 + 50 * MIN, spanMs: 20_000, pct: -2.5 }, // then −2.5 % in 20 s
      ],
      AAPL: [{ at: T0 + 40 * MIN, spanMs: 15_000, sizeFactor: 30 }], // 15 s of 30× sizes
      TSLA: [
        { at: T0 + 25 * MIN, spanMs: 40_000, pct: -4 },
        { at: T0 + 45 * MIN, spanMs: 30_000, sizeFactor: 25 },
        { at: T0 + 70 * MIN, spanMs: 5_000, pct: 2 },
      ],
    };
    const quiet = ['MSFT', 'AMD'];
    const trades = interleave(
      ...Object.entries(plants).map(([s, p], i) => generate(s, 100 + i, 90, p)),
      ...quiet.map((s, i) => generate(s, 200 + i, 90)),
    );
    const alerts = run(trades);
    const expected = Object.entries(plants).flatMap(([symbol, list]) =>
      list.map((p) => ({ symbol, kind: p.sizeFactor !== undefined ? 'volume_spike' : (p.pct ?? 0) > 0 ? 'surge' : 'plunge', p })),
    );
    expect(alerts.map((a) => `${a.symbol} ${a.kind}`).sort()).toEqual(expected.map((e) => `${e.symbol} ${e.kind}`).sort());
    for (const e of expected) {
      const a = alerts.find((x) => x.symbol === e.symbol && x.kind === e.kind && x.time >= e.p.at);
      expect(a, `${e.symbol} ${e.kind}`).toBeDefined();
      if (a === undefined) continue;
      // Detected while it happens (volume: within its window), on the trade that crossed the line.
      expect(a.time).toBeLessThan(e.p.at + e.p.spanMs + 1);
      expect(trades.some((t) => t.symbol === a.symbol && t.time === a.time)).toBe(true);
      if (e.kind === 'surge') expect(a.changePct).toBeGreaterThanOrEqual(1);
      if (e.kind === 'plunge') expect(a.changePct).toBeLessThanOrEqual(-1);
      expect(a.windowSec).toBe(60);
      expect(a.id).toBe(`${a.symbol}:${a.kind}:${a.time}`);
    }
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    // Same input, same alerts: the detectors are a pure function of the trades.
    expect(run(trades)).toEqual(alerts);
  });

  it('say it once per move: the cooldown holds back a second move, not a later one', () => {
    const plants: Plant[] = [
      { at: T0 + 10 * MIN, spanMs: 10_000, pct: 2 },
      { at: T0 + 12 * MIN, spanMs: 10_000, pct: 2 }, // within 300 s: same story, no second alert
      { at: T0 + 20 * MIN, spanMs: 10_000, pct: 2 }, // after the cooldown: a new alert
    ];
    const alerts = run(generate('META', 5, 30, plants));
    expect(alerts.map((a) => a.kind)).toEqual(['surge', 'surge']);
    expect(alerts[0]?.time).toBeGreaterThanOrEqual(T0 + 10 * MIN);
    expect(alerts[0]?.time).toBeLessThan(T0 + 10 * MIN + 10_000);
    expect(alerts[1]?.time).toBeGreaterThanOrEqual(T0 + 20 * MIN);
  });

  it('use per-market thresholds', () => {
    const plant = [{ at: T0 + 5 * MIN, spanMs: 10_000, pct: 1.2 }];
    const seq = (symbol: string) => generate(symbol, 9, 10, plant);
    const byMarket = (symbol: string): Thresholds => (symbol.endsWith('-USDT') ? DEFAULT_THRESHOLDS.CRYPTO : US);
    const detectors = createDetectors(byMarket);
    const alerts = interleave(seq('AAPL'), seq('BTC-USDT')).flatMap((t) => detectors.add(t));
    expect(alerts.map((a) => a.symbol)).toEqual(['AAPL']); // 1.2 % is news for a stock, not for crypto (1.5 %)
  });

  it('restart the volume average after a closed market, and warm up from history', () => {
    const day1 = generate('0700.HK', 3, 30);
    const day2 = generate('0700.HK', 4, 30, [{ at: T0 + 24 * 60 * MIN + 5 * MIN, spanMs: 20_000, sizeFactor: 30 }], T0 + 24 * 60 * MIN);
    // After the overnight gap only 5 windows are known: not enough for an average, no alert.
    expect(run([...day1, ...day2])).toEqual([]);
    // Warmed up with the previous 20 minutes' volumes, the same spike is reported.
    const warm = createDetectors(() => US);
    const open = T0 + 24 * 60 * MIN;
    for (let m = 20; m >= 1; m--) warm.warmVolume('0700.HK', open - m * MIN, 17_000);
    const alerts = day2.flatMap((t) => warm.add(t));
    expect(alerts.map((a) => a.kind)).toEqual(['volume_spike']);
    expect(alerts[0]?.message).toMatch(/^0700\.HK volume \d+\.\d× avg in 60 s$/);
  });

  it('ignore unwatched symbols and nonsense trades', () => {
    const detectors = createDetectors((s) => (s === 'AAPL' ? US : undefined));
    expect(detectors.add({ symbol: 'ZZZ', price: 1, size: 1, time: T0 })).toEqual([]);
    expect(detectors.add({ symbol: 'AAPL', price: Number.NaN, size: 1, time: T0 })).toEqual([]);
    expect(detectors.add({ symbol: 'AAPL', price: -5, size: 1, time: T0 })).toEqual([]);
    expect(detectors.add({ symbol: 'AAPL', price: 100, size: 1, time: T0 })).toEqual([]);
    expect(detectors.add({ symbol: 'AAPL', price: 0, size: 1, time: T0 + 1 })).toEqual([]); // not a −100 % plunge
  });

  it('write messages a trader reads at a glance', () => {
    expect(formatPct(3.2)).toBe('+3.2 %');
    expect(formatPct(-0.456)).toBe('-0.46 %');
    expect(alertMessage('NVDA', 'surge', 3.2, 60)).toBe('NVDA +3.2 % in 60 s');
    expect(alertMessage('TSLA', 'plunge', -4.04, 30)).toBe('TSLA -4.0 % in 30 s');
    expect(alertMessage('BTC-USDT', 'volume_spike', 0.3, 60, 6.08)).toBe('BTC-USDT volume 6.1× avg in 60 s');
  });
});
