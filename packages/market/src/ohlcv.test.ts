import type { Interval } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { bucketStart } from './buckets';
import { CALENDARS } from './calendars';
import { roundToTick } from './instruments';
import {
  createCandleAggregator,
  MAX_FILL_BUCKETS,
  toCandle,
  toCandleUpdate,
  toUnits,
  type AggregatorOptions,
  type AggregatorTrade,
  type CandleAggregator,
  type CandleEvent,
  type EmptyBucketPolicy,
} from './ohlcv';
import { isTradingBucket } from './sessions';
import type { CandleState } from './types';

const NY = 'America/New_York';
const at = (iso: string): number => Date.parse(iso);
const sec = (iso: string): number => Date.parse(iso) / 1000;

function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Random trades in time order with a mix of short and long gaps (hours, overnight). */
function randomTrades(seed: number, count: number, startMs: number): AggregatorTrade[] {
  const random = createRandom(seed);
  const trades: AggregatorTrade[] = [];
  let time = startMs;
  let price = 100;
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    time += roll < 0.01 ? Math.floor(random() * 20 * 3_600_000) : roll < 0.1 ? Math.floor(random() * 600_000) : Math.floor(random() * 4000);
    price = roundToTick(Math.max(1, price + (random() - 0.5) * 0.4), 0.01);
    trades.push({ price, size: (1 + Math.floor(random() * 5000)) / 10_000, time });
  }
  return trades;
}

function createAggregator(interval: Interval, emptyBuckets: EmptyBucketPolicy, extra: Partial<AggregatorOptions> = {}): CandleAggregator {
  return createCandleAggregator({ interval, timezone: NY, volumeDecimals: 4, emptyBuckets, ...extra });
}

/** The closed candles of a run plus the final forming one. */
function run(aggregator: CandleAggregator, feed: (a: CandleAggregator) => CandleEvent[][]): CandleState[] {
  const closed = feed(aggregator)
    .flat()
    .filter((e) => e.closed)
    .map((e) => e.candle);
  const forming = aggregator.current();
  return forming === null ? closed : [...closed, forming];
}

function bruteForce(trades: AggregatorTrade[], interval: Interval): CandleState[] {
  const buckets = new Map<number, CandleState>();
  for (const { price, size, time } of trades) {
    const start = bucketStart(interval, time, NY);
    const units = Math.round(size * 10_000);
    const c = buckets.get(start);
    if (c === undefined) buckets.set(start, { time: start, open: price, high: price, low: price, close: price, units });
    else buckets.set(start, { ...c, high: Math.max(c.high, price), low: Math.min(c.low, price), close: price, units: c.units + units });
  }
  return [...buckets.values()].sort((a, b) => a.time - b.time);
}

describe('createCandleAggregator', () => {
  it('matches a brute-force aggregation of random trades for every interval', () => {
    const trades = randomTrades(7, 6000, at('2026-03-06T14:00:00Z')); // crosses the DST weekend
    for (const interval of ['1s', '1m', '5m', '15m', '1h', '1d'] as const) {
      const aggregator = createAggregator(interval, 'skip');
      const events = trades.map((trade) => aggregator.add(trade));
      for (const batch of events) {
        expect(batch.at(-1)?.closed).toBe(false);
        expect(batch.slice(0, -1).every((e) => e.closed)).toBe(true);
      }
      const result = run(aggregator, () => events);
      expect(result).toEqual(bruteForce(trades, interval));
      expect(aggregator.lateTrades()).toBe(0);
      expect(aggregator.lastClose()).toBe(trades.at(-1)?.price);
    }
  });

  it('keeps volumes exact with 0.0001 lots whatever the order', () => {
    const sizes = [0.1, 0.2, 0.0003, 1.2345, 0.7, 0.0001, 3.3333, 0.06];
    const expected = 5.6282;
    const naiveSums = new Set<number>();
    const random = createRandom(3);
    for (let round = 0; round < 50; round += 1) {
      const shuffled = [...sizes].sort(() => random() - 0.5);
      naiveSums.add(shuffled.reduce((sum, size) => sum + size, 0));
      const aggregator = createAggregator('1m', 'skip');
      shuffled.forEach((size, i) => aggregator.add({ price: 10 + size, size, time: at('2026-03-05T15:00:00Z') + i * 1000 }));
      const candle = toCandle(aggregator.current() as CandleState, 4);
      expect(candle.volume).toBe(expected);
      expect(candle.high).toBe(13.3333);
      expect(candle.low).toBe(10.0001);
    }
    expect(naiveSums.size).toBeGreaterThan(1); // float sums drift with the order; integer units do not
    expect(toUnits(0.1 + 0.2, 1)).toBe(3);
    expect(toCandle({ time: 0, open: 1, high: 1, low: 1, close: 1, units: 3 }, 4).volume).toBe(0.0003);
  });

  it('flat-fills ended empty buckets with policy flat and skips them with skip', () => {
    const flat = createAggregator('1m', 'flat');
    flat.add({ price: 100, size: 1, time: at('2026-03-05T15:00:10Z') });
    const events = flat.add({ price: 101, size: 2, time: at('2026-03-05T15:04:30Z') });
    expect(events.map((e) => [e.candle.time, e.closed, e.candle.close, e.candle.units])).toEqual([
      [sec('2026-03-05T15:00:00Z'), true, 100, 10_000],
      [sec('2026-03-05T15:01:00Z'), true, 100, 0],
      [sec('2026-03-05T15:02:00Z'), true, 100, 0],
      [sec('2026-03-05T15:03:00Z'), true, 100, 0],
      [sec('2026-03-05T15:04:00Z'), false, 101, 20_000],
    ]);
    expect(events[1]?.candle).toEqual({ time: sec('2026-03-05T15:01:00Z'), open: 100, high: 100, low: 100, close: 100, units: 0 });
    const advanced = flat.advance(at('2026-03-05T15:07:00Z'));
    expect(advanced.map((e) => [e.candle.time, e.closed, e.candle.open, e.candle.units])).toEqual([
      [sec('2026-03-05T15:04:00Z'), true, 101, 20_000],
      [sec('2026-03-05T15:05:00Z'), true, 101, 0],
      [sec('2026-03-05T15:06:00Z'), true, 101, 0],
    ]);
    expect(flat.current()).toBeNull(); // no forming flat candle
    expect(flat.advance(at('2026-03-05T15:07:59.999Z'))).toEqual([]);
    expect(flat.advance(at('2026-03-05T15:08:00Z')).map((e) => e.candle.time)).toEqual([sec('2026-03-05T15:07:00Z')]);

    const skip = createAggregator('1m', 'skip');
    skip.add({ price: 100, size: 1, time: at('2026-03-05T15:00:10Z') });
    const skipped = skip.add({ price: 101, size: 2, time: at('2026-03-05T15:04:30Z') });
    expect(skipped.map((e) => [e.candle.time, e.closed])).toEqual([
      [sec('2026-03-05T15:00:00Z'), true],
      [sec('2026-03-05T15:04:00Z'), false],
    ]);
    expect(skip.advance(at('2026-03-05T15:09:00Z')).map((e) => e.candle.time)).toEqual([sec('2026-03-05T15:04:00Z')]);
  });

  it('emits no flat candle before a last close exists', () => {
    const aggregator = createAggregator('1m', 'flat');
    expect(aggregator.advance(at('2026-03-05T15:00:30Z'))).toEqual([]);
    expect(aggregator.advance(at('2026-03-05T15:10:30Z'))).toEqual([]);
    const events = aggregator.add({ price: 5, size: 1, time: at('2026-03-05T15:12:00Z') });
    expect(events).toEqual([
      { candle: { time: sec('2026-03-05T15:12:00Z'), open: 5, high: 5, low: 5, close: 5, units: 10_000 }, closed: false },
    ]);
  });

  it('gates flat candles with isTradingBucket', () => {
    const gated = (interval: Interval, calendar = CALENDARS.US): CandleAggregator =>
      createAggregator(interval, 'flat', { isTradingBucket: (s) => isTradingBucket(calendar, interval, s) });
    const us = gated('1m');
    us.add({ price: 50, size: 1, time: at('2026-03-07T00:59:30Z') }); // Fri 19:59:30 EST
    const events = us.advance(at('2026-03-09T08:01:00Z')); // Mon 04:01 EDT
    expect(events.map((e) => [e.candle.time, e.candle.units])).toEqual([
      [sec('2026-03-07T00:59:00Z'), 10_000],
      [sec('2026-03-09T08:00:00Z'), 0],
    ]);
    const cn = createAggregator('5m', 'flat', {
      timezone: 'Asia/Shanghai',
      isTradingBucket: (s) => isTradingBucket(CALENDARS.CN, '5m', s),
    });
    cn.add({ price: 9, size: 1, time: at('2026-03-05T03:27:00Z') }); // 11:27 CST
    const afterLunch = cn.add({ price: 9.1, size: 1, time: at('2026-03-05T05:11:00Z') }); // 13:11 CST
    expect(afterLunch.map((e) => [e.candle.time, e.closed])).toEqual([
      [sec('2026-03-05T03:25:00Z'), true],
      [sec('2026-03-05T05:00:00Z'), true],
      [sec('2026-03-05T05:05:00Z'), true],
      [sec('2026-03-05T05:10:00Z'), false],
    ]);
    const daily = gated('1d');
    daily.add({ price: 7, size: 1, time: at('2026-07-02T15:00:00Z') });
    const days = daily.advance(at('2026-07-08T12:00:00Z'));
    // Jul 3 (holiday), 4 and 5 (weekend) get no flat candle; Jul 6 and 7 do
    expect(days.map((e) => e.candle.time)).toEqual([sec('2026-07-02T04:00:00Z'), sec('2026-07-06T04:00:00Z'), sec('2026-07-07T04:00:00Z')]);
  });

  it('builds the same 5m/1h/1d candles from 1-minute sub-candles as from trades', () => {
    const trades = randomTrades(11, 8000, at('2026-03-06T14:00:00Z'));
    for (const policy of ['skip', 'flat'] as const) {
      const minute = createAggregator('1m', policy);
      const minuteEvents = trades.map((trade) => minute.add(trade));
      const subs = run(minute, () => minuteEvents);
      expect(subs.filter((c) => c.units === 0).length > 0).toBe(policy === 'flat');
      for (const interval of ['5m', '1h', '1d'] as const) {
        const fromTrades = run(createAggregator(interval, policy), (a) => trades.map((t) => a.add(t)));
        const fromSubs = run(createAggregator(interval, policy), (a) => subs.map((s) => a.addCandle(s)));
        expect(fromSubs).toEqual(fromTrades);
        expect(fromSubs.length).toBeGreaterThan(2);
      }
    }
  });

  it('ignores and counts late trades', () => {
    const aggregator = createAggregator('5m', 'skip');
    aggregator.add({ price: 10, size: 1, time: at('2026-03-05T15:06:00Z') });
    aggregator.add({ price: 11, size: 1, time: at('2026-03-05T15:05:30Z') }); // same bucket, earlier: accepted
    expect(aggregator.add({ price: 99, size: 1, time: at('2026-03-05T15:04:59Z') })).toEqual([]);
    expect(aggregator.lateTrades()).toBe(1);
    expect(aggregator.current()).toEqual({ time: sec('2026-03-05T15:05:00Z'), open: 10, high: 11, low: 10, close: 11, units: 20_000 });
    aggregator.advance(at('2026-03-05T15:20:00Z'));
    expect(aggregator.add({ price: 99, size: 1, time: at('2026-03-05T15:16:00Z') })).toEqual([]);
    expect(aggregator.addCandle({ time: sec('2026-03-05T15:02:00Z'), open: 1, high: 1, low: 1, close: 1, units: 5 })).toEqual([]);
    expect(aggregator.lateTrades()).toBe(3);
    expect(aggregator.add({ price: 12, size: 1, time: at('2026-03-05T15:21:00Z') })).toHaveLength(1);
  });

  it('hands out copies, never live state', () => {
    const aggregator = createAggregator('1m', 'skip');
    const [event] = aggregator.add({ price: 10, size: 1, time: at('2026-03-05T15:00:00Z') });
    if (event === undefined) throw new Error('no event');
    event.candle.high = 1000;
    const current = aggregator.current();
    if (current === null) throw new Error('no forming candle');
    current.units = -1;
    expect(aggregator.current()).toEqual({ time: sec('2026-03-05T15:00:00Z'), open: 10, high: 10, low: 10, close: 10, units: 10_000 });
  });

  it('resumes from seeded state', () => {
    const aggregator = createAggregator('1m', 'flat');
    aggregator.seed({ time: sec('2026-03-05T15:00:00Z'), open: 10, high: 12, low: 9, close: 11, units: 300 }, null);
    expect(aggregator.lastClose()).toBe(11);
    const [event] = aggregator.add({ price: 13, size: 0.01, time: at('2026-03-05T15:00:40Z') });
    expect(event?.candle).toEqual({ time: sec('2026-03-05T15:00:00Z'), open: 10, high: 13, low: 9, close: 13, units: 400 });
    const resumed = createAggregator('1m', 'flat');
    resumed.seed(null, 42, sec('2026-03-05T15:01:00Z'));
    expect(resumed.advance(at('2026-03-05T15:03:10Z')).map((e) => [e.candle.time, e.candle.close])).toEqual([
      [sec('2026-03-05T15:01:00Z'), 42],
      [sec('2026-03-05T15:02:00Z'), 42],
    ]);
  });

  it('bounds flat-filling of a very long gap', () => {
    const aggregator = createAggregator('1s', 'flat');
    aggregator.add({ price: 1, size: 1, time: at('2026-03-01T00:00:00Z') });
    const events = aggregator.advance(at('2026-03-11T00:00:00Z'));
    expect(events).toHaveLength(1 + MAX_FILL_BUCKETS);
    expect(events.at(-1)?.candle.time).toBe(sec('2026-03-11T00:00:00Z') - 1);
    expect(aggregator.advance(at('2026-03-11T00:00:01Z')).map((e) => e.candle.time)).toEqual([sec('2026-03-11T00:00:00Z')]);
  });
});

describe('toCandleUpdate', () => {
  it('is toCandle plus closed, with the fields in wire order', () => {
    const state: CandleState = { time: 60, open: 1, high: 3, low: 0.5, close: 2, units: 12345 };
    const update = toCandleUpdate(state, 2, true);
    expect(update).toEqual({ ...toCandle(state, 2), closed: true });
    expect(Object.keys(update)).toEqual(['time', 'open', 'high', 'low', 'close', 'volume', 'closed']);
  });
});
