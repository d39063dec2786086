import { INTERVALS, type Interval } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import type { FakeKlineRow } from '../../../test/fakes/fake-binance';
import { advance, useBinanceTestbed, useVenueFakeTimers, waitUntil } from '../../../test/binance-testbed';

const testbed = useBinanceTestbed();

const BUCKET_MS = { '1s': 1000, '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 } as const satisfies Record<
  Interval,
  number
>;
const asCandle = (row: FakeKlineRow) => ({
  time: row[0] / 1000,
  open: Number(row[1]),
  high: Number(row[2]),
  low: Number(row[3]),
  close: Number(row[4]),
  volume: Number(row[5]),
});

describe('binance source: reconnect and gap repair', () => {
  it('reconnects with backoff, resubscribes, de-duplicates and repairs the gap from REST klines', async () => {
    useVenueFakeTimers(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { fake, source, sink } = await testbed.start({
      watermarkMs: 60_000,
      staleMs: 3_600_000,
      backoff: { baseMs: 1000, capMs: 1000, random: () => 0.5 },
    });
    source.subscribe(['BTC-USDT']);
    await waitUntil(() => fake.open()[0]?.streams.size === 2);
    await advance(10_000, 1000);
    fake.trade('BTC-USDT', { id: 1, price: 100, qty: 1, time: Date.now() });
    await waitUntil(() => sink.tradeLog.length === 1);
    const gapStart = Date.now();
    await advance(20_000, 1000);
    const first = fake.open()[0];
    if (first === undefined) throw new Error('no connection');
    fake.drop(first);
    await waitUntil(() => sink.stateLog.some((s) => s.state === 'down'));
    expect(source.health().state).toBe('down');

    // Full jitter with random 0.5 and base = cap = 1000: the reconnect waits 500 ms.
    await advance(400);
    expect(fake.connections).toHaveLength(1);
    await waitUntil(() => fake.open()[0]?.streams.size === 2, { stepMs: 50 });
    const second = fake.open()[0];
    if (second === undefined || second === first) throw new Error('no new connection');
    expect(second.requests[0]).toMatchObject({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@bookTicker'] });
    const gapEnd = Date.now();

    // 1s buckets of the gap are closed (lateness 1.5 s) and repaired at once, from REST.
    await waitUntil(() => sink.candleLog.some((c) => c.interval === '1s'));
    const oneSecond = sink.candleLog.filter((c) => c.interval === '1s');
    const expected1s = fake
      .klinesFor('BTC-USDT', '1s', Math.floor(gapStart / 1000) * 1000, gapEnd)
      .filter((r) => r[0] + 1000 <= gapEnd - 1500);
    expect(oneSecond.map((c) => c.candle)).toEqual(expected1s.map(asCandle));
    expect(oneSecond.every((c) => c.symbol === 'BTC-USDT')).toBe(true);
    await waitUntil(() => fake.klineRequests.length >= INTERVALS.length);
    expect(fake.klineRequests.every((q) => q.get('symbol') === 'BTCUSDT' && Number(q.get('limit')) <= 1000)).toBe(true);
    expect(new Set(fake.klineRequests.map((q) => q.get('interval')))).toEqual(new Set(INTERVALS));

    // The trade already delivered comes again after the reconnect: dropped by id.
    fake.trade('BTC-USDT', { id: 1, price: 100, qty: 1, time: Date.now() });
    fake.trade('BTC-USDT', { id: 2, price: 101, qty: 1, time: Date.now() });
    await waitUntil(() => sink.tradeLog.length === 2);
    expect(sink.tradeLog.map((t) => t.id)).toEqual([1, 2]);
    expect(source.stats().duplicateTrades).toBe(1);
    expect(sink.stateLog.at(-1)).toEqual({ symbol: 'BTC-USDT', state: 'live' });

    // Buckets still forming at repair time are fetched once closed: every interval gets the gap's bucket.
    await advance(BUCKET_MS['1d'], 3_600_000);
    await waitUntil(() => INTERVALS.every((i) => sink.candleLog.some((c) => c.interval === i)));
    for (const interval of INTERVALS.filter((i) => i !== '1s')) {
      const start = Math.floor(gapStart / BUCKET_MS[interval]) * BUCKET_MS[interval];
      const got = sink.candleLog.filter((c) => c.interval === interval).map((c) => c.candle);
      expect(got).toEqual(fake.klinesFor('BTC-USDT', interval, start, gapEnd).map(asCandle));
    }
    expect(source.stats().repairedCandles).toBe(sink.candleLog.length);
    expect(fake.violations).toEqual([]);
  });

  it('marks symbols stale after the window and live again on the next frame', async () => {
    useVenueFakeTimers();
    const { fake, source, sink } = await testbed.start({ staleMs: 5000 });
    source.subscribe(['ETH-USDT']);
    await waitUntil(() => fake.open()[0]?.streams.size === 2, { stepMs: 10 });
    fake.bookTicker('ETH-USDT', 1, 10, 11);
    await waitUntil(() => sink.stateLog.length === 1);
    await advance(4500, 500);
    expect(sink.stateLog.map((s) => s.state)).toEqual(['live']);
    // Detected within window + check period (window / 4).
    await advance(1250 + 500, 250);
    expect(sink.stateLog.map((s) => s.state)).toEqual(['live', 'stale']);
    expect(source.health().state).toBe('stale');
    fake.bookTicker('ETH-USDT', 2, 10, 11);
    await waitUntil(() => sink.stateLog.length === 3);
    expect(sink.stateLog.at(-1)).toEqual({ symbol: 'ETH-USDT', state: 'live' });
    expect(source.health().state).toBe('live');
    expect(sink.watermarks.at(-1)).toBe(Date.now() - 1500 - (Date.now() % 250));
  });

  it('never exceeds the connection-attempt budget while the venue refuses', async () => {
    // The source's window carries a margin over the venue's (10 s here) for the skew between
    // sending an attempt and the venue stamping it, as the default does (5 min + 10 s).
    useVenueFakeTimers();
    const { fake, source } = await testbed.start({ maxAttempts: 3, attemptWindowMs: 10_100, backoff: { baseMs: 10, capMs: 50 } });
    fake.refuse(1000); // before the first subscribe: no connection is opened until then
    source.subscribe(['BTC-USDT']);
    await advance(35_000, 10);
    const attempts = fake.attempts;
    for (const at of attempts) expect(attempts.filter((t) => t >= at && t < at + 10_000).length).toBeLessThanOrEqual(3);
    expect(attempts.length).toBeGreaterThanOrEqual(9);
    fake.refuse(-1000);
    await waitUntil(() => fake.open()[0]?.streams.size === 2, { stepMs: 500 });
    expect(source.health().state).not.toBe('down');
  });
});
