import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecordingSink, type RecordingSink } from '../../../test/recording-sink';
import { until, useFakeClock } from '../../../test/until';
import { createAlpacaSource, type AlpacaSource } from './alpaca-source';
import { startFakeAlpaca, type FakeAlpaca, type FakeAlpacaOptions } from '../../../test/fakes/fake-alpaca';

/** Tuesday 2026-11-17 10:00 New York (regular session). */
const T0 = Date.UTC(2026, 10, 17, 15, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

let fake: FakeAlpaca;
let source: AlpacaSource;
let sink: RecordingSink;

const actions = (connection: number): unknown[] => fake.received.filter((r) => r.connection === connection).map((r) => r.message['action']);

async function boot(symbols: string[], fakeOptions: FakeAlpacaOptions = {}, secret = 'test-secret'): Promise<void> {
  useFakeClock(T0);
  fake = await startFakeAlpaca(fakeOptions);
  source = createAlpacaSource({
    credentials: { key: 'test-key', secret },
    wsUrl: fake.wsUrl,
    restUrl: fake.restUrl,
    feed: 'iex',
    emptyBuckets: 'skip',
    staleMs: 30_000,
    random: () => 0.5,
  });
  sink = createRecordingSink();
  source.subscribe(symbols);
  source.start(sink, T0);
  await until(() => fake.received.length >= 1, 'auth message');
}

afterEach(async () => {
  source.stop();
  await fake.close();
  vi.useRealTimers();
});

describe('Alpaca source against a fake stream', () => {
  it('authenticates, subscribes trades/quotes/bars/updatedBars, delivers trades and quotes, unsubscribes', async () => {
    await boot(['AAPL', 'BTCUSDT']);
    await until(() => fake.subscriptions('trades').length === 1, 'subscription');
    expect(fake.received.map((r) => r.message)).toEqual([
      { action: 'auth', key: 'test-key', secret: 'test-secret' },
      { action: 'subscribe', trades: ['AAPL'], quotes: ['AAPL'], bars: ['AAPL'], updatedBars: ['AAPL'] },
    ]);
    await until(() => sink.lastState('AAPL') === 'live', 'live');
    fake.emit([
      { T: 'q', S: 'AAPL', bx: 'V', bp: 227.5, bs: 3, ax: 'V', ap: 227.6, as: 2, t: iso(T0 + 10), c: ['R'], z: 'C' },
      { T: 't', S: 'AAPL', i: 52983525029461, x: 'V', p: 227.6, s: 100, t: iso(T0 + 20), c: ['@'], z: 'C' },
      { T: 't', S: 'AAPL', i: 52983525029462, x: 'V', p: 227.5, s: 5, t: '2026-11-17T15:00:00.030123456Z', c: ['@'], z: 'C' },
    ]);
    await until(() => sink.tradeLog.length === 2, 'trades');
    expect(sink.quoteLog).toEqual([{ symbol: 'AAPL', bid: 227.5, ask: 227.6, time: T0 + 10 }]);
    expect(sink.tradeLog).toEqual([
      { symbol: 'AAPL', id: 52983525029461, price: 227.6, size: 100, side: 'buy', time: T0 + 20, bid: 227.5, ask: 227.6 },
      { symbol: 'AAPL', id: 52983525029462, price: 227.5, size: 5, side: 'sell', time: T0 + 30, bid: 227.5, ask: 227.6 },
    ]);
    source.subscribe(['MSFT']);
    source.unsubscribe(['AAPL']);
    await until(() => fake.received.length === 4, 'subscribe + unsubscribe');
    expect(fake.received.slice(2).map((r) => r.message)).toEqual([
      { action: 'subscribe', trades: ['MSFT'], quotes: ['MSFT'], bars: ['MSFT'], updatedBars: ['MSFT'] },
      { action: 'unsubscribe', trades: ['AAPL'], quotes: ['AAPL'], bars: ['AAPL'], updatedBars: ['AAPL'] },
    ]);
    await until(() => fake.subscriptions('quotes').join() === 'MSFT', 'fake state');
    expect(fake.subscriptions('updatedBars')).toEqual(['MSFT']);
  });

  it('passes minute bars and updatedBars corrections on as 1m candle revisions', async () => {
    await boot(['AAPL']);
    await until(() => fake.subscriptions('updatedBars').length === 1, 'subscription');
    const m = T0 / 1000;
    fake.emit([{ T: 'b', S: 'AAPL', o: 227, h: 228, l: 226.5, c: 227.5, v: 1200, t: iso(T0), n: 12, vw: 227.3 }]);
    fake.emit([{ T: 'u', S: 'AAPL', o: 227, h: 228.4, l: 226.5, c: 227.9, v: 1350, t: iso(T0), n: 14, vw: 227.4 }]);
    await until(() => sink.candleLog.length === 2, 'candles');
    expect(sink.candleLog).toEqual([
      { symbol: 'AAPL', interval: '1m', candle: { time: m, open: 227, high: 228, low: 226.5, close: 227.5, volume: 1200 } },
      { symbol: 'AAPL', interval: '1m', candle: { time: m, open: 227, high: 228.4, low: 226.5, close: 227.9, volume: 1350 } },
    ]);
    expect(source.stats().corrections).toBe(1);
  });

  it('rejects and counts malformed frames and items, keeps the connection and the valid items', async () => {
    await boot(['AAPL']);
    await until(() => fake.subscriptions('trades').length === 1, 'subscription');
    fake.sendRaw('{not json');
    fake.sendRaw('{"T":"t"}');
    fake.sendRaw(
      JSON.stringify([
        { T: 't', S: 'AAPL', i: 1 },
        { T: 't', S: 'AAPL', i: 2, p: 10, s: 1, t: iso(T0) },
        { T: 'q', S: 'AAPL', bp: 'x', ap: 1, t: iso(T0) },
      ]),
    );
    await until(() => sink.tradeLog.length === 1, 'valid trade');
    expect(sink.tradeLog[0]).toMatchObject({ id: 2, price: 10 });
    expect(source.stats()).toMatchObject({ rejectedFrames: 4, connects: 1 });
    expect(fake.openConnections()).toBe(1);
  });

  it('gives up on a connection not authenticated within 10 s and reconnects with backoff', async () => {
    await boot(['AAPL'], { silentAuth: true });
    vi.advanceTimersByTime(9_999);
    expect(source.stats().authTimeouts).toBe(0);
    vi.advanceTimersByTime(1);
    expect(source.stats().authTimeouts).toBe(1);
    expect(source.lastError()).toBe('not authenticated within 10000 ms');
    await until(() => fake.openConnections() === 0, 'dropped');
    vi.advanceTimersByTime(1_000);
    await until(() => fake.connectionCount() === 2 && actions(1).length === 1, 'second attempt');
    expect(actions(1)).toEqual(['auth']);
    expect(sink.lastState('AAPL')).toBe('down');
  });

  it('stops with a clear error on auth failure (402) and does not retry', async () => {
    await boot(['AAPL'], {}, 'wrong-secret');
    await until(() => source.lastError() !== null, 'error');
    expect(source.lastError()).toBe('402 auth failed');
    vi.advanceTimersByTime(120_000);
    await until(() => fake.openConnections() === 0, 'closed');
    expect(fake.connectionCount()).toBe(1);
    expect(source.health().state).toBe('down');
    expect(actions(0)).toEqual(['auth']);
  });

  it('after a dropped connection: re-auth, resubscribe, candles repaired from REST bars with the key headers', async () => {
    await boot(['AAPL']);
    await until(() => fake.subscriptions('trades').length === 1 && sink.lastState('AAPL') === 'live', 'subscribed');
    fake.setBars(
      'AAPL',
      '1Min',
      [0, 1, 2].map((i) => ({ t: iso(T0 + 60_000 * i), o: 10 + i, h: 11 + i, l: 9 + i, c: 10.5 + i, v: 100 * (i + 1) })),
    );
    fake.setBars('AAPL', '1Day', [{ t: '2026-11-17T05:00:00Z', o: 9, h: 13, l: 8, c: 12.5, v: 5_000 }]);
    vi.advanceTimersByTime(30_000);
    fake.dropConnections();
    await until(() => sink.lastState('AAPL') === 'down', 'down');
    vi.advanceTimersByTime(150_000);
    await until(() => fake.connectionCount() === 2 && actions(1).length === 2, 'resubscribed');
    expect(actions(1)).toEqual(['auth', 'subscribe']);
    await until(() => source.stats().repairedCandles > 0 && sink.lastState('AAPL') === 'live', 'repaired');
    const of = (interval: string) => sink.candleLog.filter((c) => c.interval === interval).map((c) => c.candle);
    expect(of('1m').map((c) => [c.time, c.close, c.volume])).toEqual([
      [T0 / 1000, 10.5, 100],
      [T0 / 1000 + 60, 11.5, 200],
      [T0 / 1000 + 120, 12.5, 300],
    ]);
    expect(of('15m')).toEqual([{ time: T0 / 1000, open: 10, high: 13, low: 9, close: 12.5, volume: 600 }]);
    expect(of('1d')).toEqual([{ time: Date.UTC(2026, 10, 17, 5) / 1000, open: 9, high: 13, low: 8, close: 12.5, volume: 5_000 }]);
    expect(fake.restRequests.map((r) => [r.query['timeframe'], r.authorized, r.query['feed']])).toEqual([
      ['1Min', true, 'iex'],
      ['1Day', true, 'iex'],
    ]);
  });

  it('history pages through next_page_token and folds bars into our buckets', async () => {
    await boot([], { pageSize: 2 });
    fake.setBars(
      'MSFT',
      '5Min',
      [0, 1, 2, 3, 4].map((i) => ({ t: iso(T0 - 3_600_000 + 300_000 * i), o: 400, h: 401 + i, l: 399, c: 400 + i, v: 10 })),
    );
    const candles = await source.history('MSFT', '5m', T0 / 1000 - 3600, T0);
    expect(candles.map((c) => [c.time, c.high, c.close, c.units])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [T0 / 1000 - 3600 + 300 * i, 401 + i, 400 + i, 10]),
    );
    expect(fake.restRequests.map((r) => r.query['page_token'] ?? null)).toEqual([null, '2', '4']);
    expect(await source.history('NVDA', '1d', T0 / 1000 - 86_400, T0)).toEqual([]);
  });
});
