import { BollingerBands, EMA, MACD, RSI, SMA, VWAP, WSMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { localDate } from '../zoned-time';
import { Bollinger, computeSeries, Ema, Macd, Rsi, SessionVwap, Sma, Wilder, type IndicatorBar } from './index';

/** A fixed, seeded random walk of hourly bars across the US spring-forward weekend (LCG, no Math.random). */
function fixedBars(count: number): IndicatorBar[] {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const start = Date.UTC(2026, 2, 5, 14) / 1000;
  const bars: IndicatorBar[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open + (next() - 0.5) * 2);
    bars.push({
      time: start + i * 3600,
      high: Math.max(open, close) + next(),
      low: Math.min(open, close) - next(),
      close,
      volume: Math.round(100 + next() * 10_000),
    });
  }
  return bars;
}

const BARS = fixedBars(400);
const CLOSES = BARS.map((b) => b.close);

/** The same series fed live: each bar arrives as 3 revisions (the last is the final bar). */
function liveFeed(values: readonly number[]): { value: number; replace: boolean }[] {
  return values.flatMap((v, i) => [
    { value: v - 0.7, replace: false },
    { value: v + 0.3 + (i % 3), replace: true },
    { value: v, replace: true },
  ]);
}

function expectSame(ours: readonly (number | null)[], ref: readonly (number | null)[]): void {
  expect(ours.length).toBe(ref.length);
  expect(ours.filter((v) => v !== null).length).toBeGreaterThan(ours.length / 2);
  ours.forEach((v, i) => {
    if (v === null || ref[i] === null) expect([i, v]).toEqual([i, ref[i]]);
    else expect(v).toBeCloseTo(ref[i] ?? NaN, 9);
  });
}

type Ref = { update(value: number, replace: boolean): unknown; isStable: boolean };

/** Reference values, null while the reference says it is not stable yet. */
function refSeries(ref: Ref, feed: readonly { value: number; replace: boolean }[], pick: (r: unknown) => number): (number | null)[] {
  return feed.map(({ value, replace }) => {
    const r = ref.update(value, replace);
    return ref.isStable && r !== null && r !== undefined ? pick(r) : null;
  });
}

const asNumber = (r: unknown): number => Number(r);
const whole = CLOSES.map((value) => ({ value, replace: false }));

describe('indicators equal the trading-signals reference on a fixed series', () => {
  const cases: [string, () => { update(v: number, replace: boolean): number | null }, () => Ref][] = [
    ['SMA 20', () => new Sma(20), () => new SMA(20)],
    ['EMA 21', () => new Ema(21), () => new EMA(21)],
    ['Wilder 14', () => new Wilder(14), () => new WSMA(14)],
    ['RSI 14', () => new Rsi(14), () => new RSI(14)],
  ];
  for (const [name, ours, ref] of cases) {
    it(`${name}, whole bars and live revisions`, () => {
      for (const feed of [whole, liveFeed(CLOSES)]) {
        const mine = ours();
        expectSame(
          feed.map(({ value, replace }) => mine.update(value, replace)),
          refSeries(ref(), feed, asNumber),
        );
      }
    });
  }

  it('Bollinger 20 × 2', () => {
    for (const feed of [whole, liveFeed(CLOSES)]) {
      const mine = new Bollinger(20, 2);
      const ours = feed.map(({ value, replace }) => mine.update(value, replace));
      const ref = new BollingerBands(20, 2);
      const theirs = feed.map(({ value, replace }) => ref.update(value, replace));
      for (const key of ['middle', 'upper', 'lower'] as const)
        expectSame(
          ours.map((v) => v?.[key] ?? null),
          theirs.map((v) => v?.[key] ?? null),
        );
    }
  });

  it('MACD 12/26/9 (signal once its EMA is stable)', () => {
    for (const feed of [whole, liveFeed(CLOSES)]) {
      const mine = new Macd(12, 26, 9);
      const ours = feed.map(({ value, replace }) => mine.update(value, replace));
      const signal = new EMA(9);
      const ref = new MACD(new EMA(12), new EMA(26), signal);
      const theirs = feed.map(({ value, replace }) => {
        const r = ref.update(value, replace);
        return r === null
          ? null
          : { macd: r.macd, signal: signal.isStable ? r.signal : null, histogram: signal.isStable ? r.histogram : null };
      });
      for (const key of ['macd', 'signal', 'histogram'] as const)
        expectSame(
          ours.map((v) => v?.[key] ?? null),
          theirs.map((v) => v?.[key] ?? null),
        );
    }
  });

  it('session VWAP restarts at each New York day (across the DST change) and equals a fresh VWAP per session', () => {
    const zone = 'America/New_York';
    const ours = computeSeries(new SessionVwap(zone), BARS);
    let ref = new VWAP();
    let day = '';
    const theirs = BARS.map((b) => {
      const d = localDate(zone, b.time * 1000);
      if (d !== day) [ref, day] = [new VWAP(), d];
      return ref.update(b, false);
    });
    expectSame(ours, theirs);
    const firstOfDay = BARS.findIndex(
      (b, i) => i > 0 && localDate(zone, b.time * 1000) !== localDate(zone, (BARS[i - 1]?.time ?? 0) * 1000),
    );
    const bar = BARS[firstOfDay];
    expect(bar && ours[firstOfDay]).toBeCloseTo(bar ? (bar.high + bar.low + bar.close) / 3 : NaN, 9);
  });

  it('session VWAP takes live revisions of the last bar', () => {
    const mine = new SessionVwap('UTC');
    let ref = new VWAP();
    let day = '';
    BARS.forEach((b, i) => {
      const d = localDate('UTC', b.time * 1000);
      if (d !== day) [ref, day] = [new VWAP(), d];
      mine.update({ ...b, close: b.close + 1, volume: b.volume / 2 }, false);
      ref.update({ ...b, close: b.close + 1, volume: b.volume / 2 }, false);
      expect([i, mine.update(b, true)]).toEqual([i, expect.closeTo(ref.update(b, true) ?? NaN, 9)]);
    });
  });

  it('rejects periods that make no sense', () => {
    expect(() => new Sma(0)).toThrow(RangeError);
    expect(() => new Ema(2.5)).toThrow(/positive integer/);
    expect(() => new Bollinger(1)).toThrow(RangeError);
    expect(() => new Macd(26, 12)).toThrow(/shorter/);
  });
});
