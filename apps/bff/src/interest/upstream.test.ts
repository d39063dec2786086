import { INSTRUMENTS } from '@candlewire/market';
import { channel, subscribedTo, updateOf, type Channel, type SubscribedMessage } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeSource, type FakeSource } from '../../test/fakes/fake-source';
import { startTestServer, type TestServer } from '../../test/server';
import { connectClient, type TestClient } from '../../test/ws-client';

const crypto = INSTRUMENTS.filter((i) => i.market === 'CRYPTO');
const minutes = channel.candles('BTC-USDT', '1m');
const channels: Channel[] = [channel.quote('BTC-USDT'), minutes];

/** Subscribes and waits for every `subscribed` reply. */
async function subscribe(c: TestClient, list: Channel[]): Promise<SubscribedMessage[]> {
  const before = c.messages.filter((m) => m.type === 'subscribed').length;
  c.send({ op: 'subscribe', id: 1, channels: list });
  return (await c.waitForCount((m) => m.type === 'subscribed', before + list.length)).slice(before);
}

async function unsubscribe(c: TestClient, list: string[]): Promise<void> {
  const before = c.messages.filter((m) => m.type === 'unsubscribed').length;
  c.send({ op: 'unsubscribe', id: 2, channels: list });
  await c.waitForCount((m) => m.type === 'unsubscribed', before + list.length);
}

describe('interest-driven upstream through a real BFF', () => {
  let server: TestServer;
  let venue: FakeSource;
  const clients: TestClient[] = [];
  const client = async () => {
    const c = await connectClient(server.wsUrl);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    // NOTE: timers and Date are fake (the grace period); I/O and setImmediate stay real so sockets work.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    venue = createFakeSource({ id: 'venue', instruments: crypto });
    server = await startTestServer({ FLUSH_MS: '0', HEARTBEAT_MS: '300000' }, { source: venue });
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const c of clients.splice(0)) await c.close();
    await server.close();
  });

  it('subscribes upstream on the first client and unsubscribes exactly 30 s after the last leaves', async () => {
    expect(venue.calls).toEqual([]);
    const a = await client();
    const replies = await subscribe(a, channels);
    expect(venue.calls).toEqual([{ op: 'subscribe', symbols: ['BTC-USDT'] }]);
    // The candles snapshot was loaded from the venue's history before the reply.
    const snapshot = replies.find(subscribedTo(minutes))?.snapshot ?? [];
    expect(snapshot.length).toBe(500);
    expect(snapshot.at(-1)).toMatchObject({ time: Math.floor(Date.now() / 60_000) * 60, close: 100, closed: false });

    const b = await client();
    await subscribe(b, [channel.quote('BTC-USDT')]);
    await unsubscribe(a, channels);
    await b.close();
    await new Promise((r) => setImmediate(r));
    vi.advanceTimersByTime(29_999);
    expect(venue.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(venue.calls).toEqual([
      { op: 'subscribe', symbols: ['BTC-USDT'] },
      { op: 'unsubscribe', symbols: ['BTC-USDT'] },
    ]);
    expect(venue.subscribed.size).toBe(0);
  });

  it('keeps the upstream subscription when interest returns within the grace period', async () => {
    const a = await client();
    await subscribe(a, channels);
    await unsubscribe(a, channels);
    vi.advanceTimersByTime(20_000);
    await subscribe(a, [minutes]);
    vi.advanceTimersByTime(60_000);
    expect(venue.calls).toEqual([{ op: 'subscribe', symbols: ['BTC-USDT'] }]);
    // Still live: a venue trade reaches the client.
    venue.sink().trades([{ symbol: 'BTC-USDT', id: 1, price: 101, size: 0.5, side: 'buy', time: Date.now(), bid: 100.99, ask: 101.01 }]);
    const update = await a.waitFor(updateOf(minutes, (d) => d.close === 101));
    expect(update).toMatchObject({ data: { high: 101, closed: false } });
  });

  it('subscribes again after a release and serves a fresh snapshot, not the one from before', async () => {
    const a = await client();
    await subscribe(a, [minutes]);
    venue.sink().trades([{ symbol: 'BTC-USDT', id: 1, price: 150, size: 1, side: 'buy', time: Date.now(), bid: 150, ask: 150 }]);
    await a.waitFor(updateOf(minutes, (d) => d.close === 150));
    await unsubscribe(a, [minutes]);
    vi.advanceTimersByTime(30_000 + 120_000);
    expect(venue.calls.map((c) => c.op)).toEqual(['subscribe', 'unsubscribe']);
    const [reply] = await subscribe(a, [minutes]);
    expect(venue.calls.map((c) => c.op)).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    const snapshot = reply !== undefined && subscribedTo(minutes)(reply) ? (reply.snapshot ?? []) : [];
    // The fake venue's history never saw the 150 trade: the old forming candle must not survive.
    expect(snapshot.some((k) => k.close === 150)).toBe(false);
    expect(snapshot.at(-1)?.time).toBe(Math.floor(Date.now() / 60_000) * 60);
  });
});
