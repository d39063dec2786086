import { channel, subscribedTo } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeBinance, type FakeBinance } from '../../test/fakes/fake-binance';
import { advance, useVenueFakeTimers, waitUntil } from '../../test/binance-testbed';
import { startTestServer, type TestServer } from '../../test/server';
import { connectClient, type TestClient } from '../../test/ws-client';

const requests = (fake: FakeBinance) => fake.connections.flatMap((c) => c.requests);

describe('interest-driven upstream with the Binance adapter against its fake venue', () => {
  let fake: FakeBinance;
  let server: TestServer;
  let c: TestClient;
  beforeEach(async () => {
    useVenueFakeTimers(Date.UTC(2026, 2, 2, 12, 0, 30));
    fake = await startFakeBinance();
    server = await startTestServer({
      SOURCE: 'binance',
      BINANCE_WS_URL: fake.wsUrl,
      BINANCE_REST_URL: fake.restUrl,
      FLUSH_MS: '0',
      HEARTBEAT_MS: '300000',
    });
    c = await connectClient(server.wsUrl);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await c.close();
    await server.close();
    await fake.close();
  });

  it('sends SUBSCRIBE on the first client and UNSUBSCRIBE 30 s (fake time) after the last leaves', async () => {
    expect(fake.connections).toEqual([]);
    c.send({ op: 'subscribe', id: 1, channels: ['trades:BTC-USDT', 'candles:BTC-USDT:1m'] });
    await waitUntil(() => c.messages.filter((m) => m.type === 'subscribed').length === 2, { stepMs: 50 });
    await waitUntil(() => fake.open()[0]?.streams.size === 2, { stepMs: 50 });
    expect(requests(fake).map((r) => [r.method, r.params])).toEqual([['SUBSCRIBE', ['btcusdt@trade', 'btcusdt@bookTicker']]]);
    // NOTE: a second symbol stays watched: the adapter closes a connection left with no stream
    // instead of unsubscribing its last one (next test).
    const other = await connectClient(server.wsUrl);
    other.send({ op: 'subscribe', id: 1, channels: ['quote:ETH-USDT'] });
    await waitUntil(() => fake.open()[0]?.streams.size === 4, { stepMs: 50 });
    // The candles snapshot came from the venue's REST klines.
    const reply = c.messages.find(subscribedTo(channel.candles('BTC-USDT', '1m')));
    expect(reply?.snapshot?.length).toBeGreaterThan(10);
    expect(fake.klineRequests.some((q) => q.get('symbol') === 'BTCUSDT')).toBe(true);

    fake.trade('BTC-USDT', { id: 1, price: 65_000, qty: 0.5, time: Date.now() });
    await waitUntil(() => c.messages.some((m) => m.type === 'update' && m.channel === 'trades:BTC-USDT'));

    c.send({ op: 'unsubscribe', id: 2, channels: ['trades:BTC-USDT', 'candles:BTC-USDT:1m'] });
    await waitUntil(() => c.messages.filter((m) => m.type === 'unsubscribed').length === 2);
    const leftAt = Date.now();
    await advance(29_999, 1000);
    expect(requests(fake).map((r) => r.method)).toEqual(['SUBSCRIBE', 'SUBSCRIBE']);
    await advance(1);
    await waitUntil(() => requests(fake).length === 3);
    const unsubscribe = requests(fake)[2];
    expect(unsubscribe).toMatchObject({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@bookTicker'] });
    expect((unsubscribe?.at ?? 0) - leftAt).toBe(30_000);
    await other.close();
  });

  it('closes the venue connection 30 s after the last symbol is released (the adapter drops an empty connection)', async () => {
    c.send({ op: 'subscribe', id: 1, channels: ['quote:SOL-USDT'] });
    await waitUntil(() => fake.open()[0]?.streams.size === 2 && c.messages.some((m) => m.type === 'subscribed'), { stepMs: 50 });
    c.send({ op: 'unsubscribe', id: 2, channels: ['quote:SOL-USDT'] });
    await waitUntil(() => c.messages.some((m) => m.type === 'unsubscribed'));
    const leftAt = Date.now();
    await advance(29_999, 1000);
    expect(fake.open()).toHaveLength(1);
    await advance(1);
    // NOTE: the close handshake needs a few turns (and the ws library's timers): step 10 ms at a time.
    await waitUntil(() => fake.open().length === 0, { stepMs: 10 });
    expect((fake.connections[0]?.closedAt ?? 0) - leftAt).toBeGreaterThanOrEqual(30_000);
    expect((fake.connections[0]?.closedAt ?? 0) - leftAt).toBeLessThan(31_000);
    expect(fake.connections.flatMap((k) => k.requests).map((r) => r.method)).toEqual(['SUBSCRIBE']);
  });

  it('keeps the venue subscription when a client comes back within the grace period', async () => {
    c.send({ op: 'subscribe', id: 1, channels: ['quote:ETH-USDT'] });
    await waitUntil(() => fake.open()[0]?.streams.size === 2 && c.messages.some((m) => m.type === 'subscribed'), { stepMs: 50 });
    c.send({ op: 'unsubscribe', id: 2, channels: ['quote:ETH-USDT'] });
    await waitUntil(() => c.messages.some((m) => m.type === 'unsubscribed'));
    await advance(15_000, 1000);
    c.send({ op: 'subscribe', id: 3, channels: ['quote:ETH-USDT'] });
    await waitUntil(() => c.messages.filter((m) => m.type === 'subscribed').length === 2);
    await advance(60_000, 1000);
    expect(requests(fake).map((r) => r.method)).toEqual(['SUBSCRIBE']);
  });
});
