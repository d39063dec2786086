import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordingSink } from '../../../test/recording-sink';
import { until, useFakeClock } from '../../../test/until';
import { startFakeYahoo, type FakeYahoo } from '../../../test/fakes/fake-yahoo';
import { createYahooSource, type YahooSource } from './yahoo-source';

/** Tuesday 2026-11-17 10:00 New York; 23:00 Shanghai. */
const T0 = Date.UTC(2026, 10, 17, 15, 0, 0);
const s0 = T0 / 1000;

let fake: FakeYahoo;
let source: YahooSource;

beforeEach(async () => {
  useFakeClock(T0);
  fake = await startFakeYahoo();
  source = createYahooSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl, emptyBuckets: 'flat' });
});
afterEach(async () => {
  source.stop();
  await fake.close();
  vi.useRealTimers();
});

const bar = (time: number, close: number, volume: number) => ({ time, open: close, high: close + 1, low: close - 1, close, volume });

describe('Yahoo history from the chart API', () => {
  it('1m maps to 1m bars: closed buckets, flat fills inside the session, the forming one last', async () => {
    fake.setBars('AAPL', '1m', [bar(s0 - 180, 100, 10), bar(s0 - 60, 102, 30), bar(s0, 103, 5)]);
    const candles = await source.history('AAPL', '1m', s0 - 180, T0 + 20_000);
    expect(candles).toEqual([
      { time: s0 - 180, open: 100, high: 101, low: 99, close: 100, units: 10 },
      { time: s0 - 120, open: 100, high: 100, low: 100, close: 100, units: 0 },
      { time: s0 - 60, open: 102, high: 103, low: 101, close: 102, units: 30 },
      { time: s0, open: 103, high: 104, low: 102, close: 103, units: 5 },
    ]);
    expect(fake.chartRequests).toEqual([{ symbol: 'AAPL', interval: '1m', period1: s0 - 180, period2: s0 + 20 }]);
  });

  it('1h is folded from 15m bars; 1d from daily bars in the exchange day; CN symbols asked as .SS', async () => {
    const h = s0 - 3600; // 09:00 New York
    fake.setBars('AAPL', '15m', [bar(h + 1800, 10, 100), bar(h + 2700, 12, 200), bar(s0, 11, 50)]);
    expect(await source.history('AAPL', '1h', h, T0 + 60_000)).toEqual([
      { time: h, open: 10, high: 13, low: 9, close: 12, units: 300 },
      { time: s0, open: 11, high: 12, low: 10, close: 11, units: 50 },
    ]);
    const shDay = Date.UTC(2026, 10, 16, 16) / 1000; // 2026-11-17 00:00 Shanghai
    fake.setBars('600000.SS', '1d', [bar(shDay + 5400, 10.2, 4_800_000)]);
    expect(await source.history('600000.SH', '1d', shDay, T0)).toEqual([
      { time: shDay, open: 10.2, high: 11.2, low: 9.2, close: 10.2, units: 4_800_000 },
    ]);
    expect(fake.chartRequests.map((r) => [r.symbol, r.interval])).toEqual([
      ['AAPL', '15m'],
      ['600000.SS', '1d'],
    ]);
  });

  it('clamps 1m requests to the last 29 days and splits them into 7-day spans', async () => {
    await source.history('MSFT', '1m', s0 - 40 * 86_400, T0);
    const spans = fake.chartRequests.map((r) => [r.period1, r.period2]);
    expect(spans[0]?.[0]).toBe(s0 - 29 * 86_400);
    expect(spans.at(-1)?.[1]).toBe(s0);
    for (const [p1, p2] of spans) expect((p2 ?? 0) - (p1 ?? 0)).toBeLessThanOrEqual(7 * 86_400);
    expect(spans).toHaveLength(5);
  });

  it('a chart error or malformed body costs that call its candles only, counted', async () => {
    fake.setChartError('NVDA', 404, '{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found"}}}');
    fake.setChartError('TSLA', 200, '{"chart":{"result":[{"timestamp":"nope"}]}}');
    fake.setBars('AMD', '5m', [bar(s0, 150, 7)]);
    expect(await source.history('NVDA', '5m', s0 - 300, T0)).toEqual([]);
    expect(await source.history('TSLA', '5m', s0 - 300, T0)).toEqual([]);
    expect(await source.history('AMD', '5m', s0, T0 + 1000)).toEqual([{ time: s0, open: 150, high: 151, low: 149, close: 150, units: 7 }]);
    expect(source.stats().restErrors).toBe(2);
    await expect(source.history('BTCUSDT', '5m', s0, T0)).rejects.toThrow(/unknown symbol/);
  });

  it('1s history is built from the trades derived since subscribing (Yahoo has no 1s bars)', async () => {
    const sink = createRecordingSink();
    source.subscribe(['AAPL']);
    source.start(sink, T0);
    await until(() => fake.subscriptions().includes('AAPL'), 'subscribed');
    fake.tick({ id: 'AAPL', price: 10, time: T0, dayVolume: 100 });
    fake.tick({ id: 'AAPL', price: 11, time: T0 + 100, dayVolume: 130 });
    fake.tick({ id: 'AAPL', price: 12, time: T0 + 1500, dayVolume: 140 });
    await until(() => sink.tradeLog.length === 2, 'trades');
    expect(await source.history('AAPL', '1s', s0, T0 + 2000)).toEqual([
      { time: s0, open: 11, high: 11, low: 11, close: 11, units: 30 },
      { time: s0 + 1, open: 12, high: 12, low: 12, close: 12, units: 10 },
    ]);
    expect(fake.chartRequests).toEqual([]);
  });
});
