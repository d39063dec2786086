import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordingSink, type RecordingSink } from '../../../test/recording-sink';
import { until, useFakeClock } from '../../../test/until';
import { startFakeYahoo, type FakeYahoo } from '../../../test/fakes/fake-yahoo';
import { createYahooSource, type YahooSource } from './yahoo-source';

/** Tuesday 2026-11-17 10:00 New York (US regular session; Shanghai and Hong Kong closed). */
const T0 = Date.UTC(2026, 10, 17, 15, 0, 0);

let fake: FakeYahoo;
let source: YahooSource;
let sink: RecordingSink;

const subscribes = (connection: number): unknown[] => fake.received.filter((r) => r.connection === connection).map((r) => r.message);

async function boot(symbols: string[], opts: { format?: 'json' | 'base64' } = {}): Promise<void> {
  fake = await startFakeYahoo(opts);
  source = createYahooSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl, emptyBuckets: 'skip', staleMs: 30_000, random: () => 0.5 });
  sink = createRecordingSink();
  source.subscribe(symbols);
  source.start(sink, Date.now());
  await until(() => fake.received.length >= 1, 'first subscribe');
}

beforeEach(() => {
  useFakeClock(T0);
});
afterEach(async () => {
  source.stop();
  await fake.close();
  vi.useRealTimers();
});

describe('Yahoo source against a fake streamer', () => {
  it('subscribes incrementally with Yahoo symbols, derives trades from dayVolume, unsubscribes', async () => {
    await boot(['AAPL', '600000.SH', 'BTCUSDT']);
    expect(fake.received[0]?.message).toEqual({ subscribe: ['AAPL', '600000.SS'] });
    await until(() => sink.lastState('AAPL') === 'live' && sink.lastState('600000.SH') === 'closed', 'first states');

    fake.tick({ id: 'AAPL', price: 227.5, time: T0, dayVolume: 1_000_000 });
    fake.tick({ id: 'AAPL', price: 227.55, time: T0 + 1, dayVolume: 1_000_250 });
    fake.tick({ id: '600000.SS', price: 10.2, time: T0, dayVolume: 5_000 });
    fake.tick({ id: '600000.SS', price: 10.21, time: T0 + 2, dayVolume: 5_600 });
    await until(() => sink.tradeLog.length === 2, 'two trades');
    expect(sink.tradeLog.map((t) => [t.symbol, t.price, t.size])).toEqual([
      ['AAPL', 227.55, 250],
      ['600000.SH', 10.21, 600],
    ]);

    source.unsubscribe(['AAPL']);
    source.subscribe(['0700.HK', '600000.SH']);
    await until(() => fake.received.length === 3, 'unsubscribe + subscribe');
    expect(fake.received.slice(1).map((r) => r.message)).toEqual([{ unsubscribe: ['AAPL'] }, { subscribe: ['0700.HK'] }]);
    expect(fake.subscriptions()).toEqual(['0700.HK', '600000.SS']);
    expect(fake.tick({ id: 'AAPL', price: 1, dayVolume: 1 })).toBe(0);
    expect(source.subscribed()).toEqual(['0700.HK', '600000.SH']);
  });

  it('rejects and counts malformed frames, keeps the connection and the next good tick', async () => {
    await boot(['AAPL']);
    fake.tick({ id: 'AAPL', price: 100, time: T0, dayVolume: 10 });
    for (const bad of [
      '%%% not base64',
      '{"type":"pricing"}',
      '{"type":"pricing","message":"AAEC"}',
      '[1,2]',
      '{"type":"pricing","message":"CgRBQVBMFQ"}',
      '{oops',
    ]) {
      fake.sendRaw(bad);
    }
    fake.tick({ id: 'AAPL', price: 101, time: T0 + 5, dayVolume: 30 });
    await until(() => sink.tradeLog.length === 1, 'trade after garbage');
    expect(sink.tradeLog[0]).toMatchObject({ symbol: 'AAPL', price: 101, size: 20 });
    expect(source.stats()).toMatchObject({ rejectedFrames: 6, connects: 1, frames: 8 });
    expect(fake.connectionCount()).toBe(1);
    expect(fake.openConnections()).toBe(1);
  });

  it('reads the bare base64 frames of the version-1 protocol too', async () => {
    await boot(['MSFT'], { format: 'base64' });
    fake.tick({ id: 'MSFT', price: 400, time: T0, dayVolume: 1 });
    fake.tick({ id: 'MSFT', price: 401, time: T0 + 1, dayVolume: 11 });
    await until(() => sink.tradeLog.length === 1, 'trade');
    expect(sink.tradeLog[0]).toMatchObject({ symbol: 'MSFT', price: 401, size: 10 });
  });

  it('after a dropped connection: down, reconnect with backoff, resubscribe, candles repaired from the chart API', async () => {
    const m0 = T0 / 1000;
    const minute = (i: number, close: number, volume: number) => ({
      time: m0 + 60 * i,
      open: close - 0.1,
      high: close + 0.2,
      low: close - 0.3,
      close,
      volume,
    });
    await boot(['AAPL']);
    fake.setBars('AAPL', '1m', [minute(0, 100, 1000), minute(1, 101, 2000), minute(2, 102, 3000)]);
    fake.setBars('AAPL', '1d', [{ time: m0 - 1800, open: 99, high: 103, low: 98, close: 102, volume: 9_000_000 }]);
    vi.advanceTimersByTime(30_000);
    fake.dropConnections();
    await until(() => sink.lastState('AAPL') === 'down', 'down');
    vi.advanceTimersByTime(120_000);
    await until(() => fake.connectionCount() === 2 && subscribes(1).length === 1, 'resubscribed on the new connection');
    expect(subscribes(1)).toEqual([{ subscribe: ['AAPL'] }]);
    await until(() => sink.candleLog.length > 0 && sink.lastState('AAPL') === 'live', 'repair');
    await until(() => source.stats().repairedCandles === sink.candleLog.length && fake.chartRequests.length === 2, 'both chart calls');
    const of = (interval: string) => sink.candleLog.filter((c) => c.interval === interval).map((c) => c.candle);
    expect(of('1m')).toEqual([
      { time: m0, open: 99.9, high: 100.2, low: 99.7, close: 100, volume: 1000 },
      { time: m0 + 60, open: 100.9, high: 101.2, low: 100.7, close: 101, volume: 2000 },
      { time: m0 + 120, open: 101.9, high: 102.2, low: 101.7, close: 102, volume: 3000 },
    ]);
    expect(of('5m')).toEqual([{ time: m0, open: 99.9, high: 102.2, low: 99.7, close: 102, volume: 6000 }]);
    expect(of('1h')).toEqual([{ time: m0, open: 99.9, high: 102.2, low: 99.7, close: 102, volume: 6000 }]);
    expect(of('1d')).toEqual([{ time: Date.UTC(2026, 10, 17, 5) / 1000, open: 99, high: 103, low: 98, close: 102, volume: 9_000_000 }]);
    expect(fake.chartRequests.map((r) => [r.symbol, r.interval])).toEqual([
      ['AAPL', '1m'],
      ['AAPL', '1d'],
    ]);
    expect(fake.chartRequests[0]?.period1).toBe(m0);
    expect(source.stats().connects).toBe(2);
  });

  it('marks a trading symbol stale after the window without ticks, and live on the next; closed markets stay closed', async () => {
    await boot(['AAPL', '0700.HK']);
    await until(() => sink.lastState('AAPL') === 'live', 'live');
    expect(sink.lastState('0700.HK')).toBe('closed');
    vi.advanceTimersByTime(29_000);
    expect(sink.lastState('AAPL')).toBe('live');
    vi.advanceTimersByTime(10_000);
    expect(sink.lastState('AAPL')).toBe('stale');
    expect(sink.lastState('0700.HK')).toBe('closed');
    fake.tick({ id: 'AAPL', price: 1, time: Date.now(), dayVolume: 5 });
    await until(() => sink.lastState('AAPL') === 'live', 'live again');
    expect(sink.stateLog.filter((s) => s.symbol === '0700.HK').map((s) => s.state)).toEqual(['down', 'closed']);
  });

  it('re-sends the whole subscription every 15 s, as Yahoo clients do, and reconnects after refused attempts', async () => {
    await boot(['AAPL', 'MSFT']);
    vi.advanceTimersByTime(15_000);
    await until(() => fake.received.length === 2, 'heartbeat subscribe');
    expect(fake.received[1]?.message).toEqual({ subscribe: ['AAPL', 'MSFT'] });
    fake.refuseUpgrades(2);
    fake.dropConnections();
    await until(() => sink.lastState('AAPL') === 'down', 'down');
    // NOTE: fake time moves one second per turn of the event loop, real I/O completes in between.
    await until(() => {
      vi.advanceTimersByTime(1000);
      return fake.connectionCount() === 2 && subscribes(1).length >= 1;
    }, 'reconnected');
    expect(fake.upgradeAttempts()).toBe(4);
    expect(subscribes(1)[0]).toEqual({ subscribe: ['AAPL', 'MSFT'] });
  });
});
