import { INSTRUMENTS } from '@candlewire/market';
import { channel, updateOf, type UpdateMessage } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeSource, type FakeSource } from '../../test/fakes/fake-source';
import { startTestServer, type TestServer } from '../../test/server';
import { connectClient, type TestClient } from '../../test/ws-client';

const crypto = INSTRUMENTS.filter((i) => i.market === 'CRYPTO');
const symbols = crypto.map((i) => i.symbol).sort();
const subscribedUpstream = (venue: FakeSource): string[] => [...venue.subscribed].sort();

describe('market pulse over an on-demand venue', () => {
  let server: TestServer;
  let venue: FakeSource;
  let client: TestClient;

  beforeEach(async () => {
    // NOTE: timers and Date are fake (the 1 s markets tick, the grace period); sockets stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    venue = createFakeSource({ id: 'venue', instruments: crypto });
    server = await startTestServer({ FLUSH_MS: '0', HEARTBEAT_MS: '300000' }, { source: venue });
    client = await connectClient(server.wsUrl);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await client.close();
    await server.close();
  });

  it('holds every symbol upstream while markets is watched, ranks movers from them, and releases after the grace period', async () => {
    expect(venue.calls).toEqual([]);
    const markets = channel.markets();
    client.send({ op: 'subscribe', id: 1, channels: [markets] });
    await client.waitFor((m) => m.type === 'subscribed' && m.channel === markets);
    // Nobody watches a single crypto symbol, yet movers need them all.
    expect(subscribedUpstream(venue)).toEqual(symbols);

    const isRanked = updateOf(
      markets,
      ({ movers: { gainers, losers } }) => gainers[0]?.symbol === 'SOL-USDT' && losers[0]?.symbol === 'ETH-USDT',
    );
    // History closes every day at 100: +12 % and −7 % from the previous close.
    const now = Date.now();
    let ranked: UpdateMessage<'markets'> | undefined;
    for (let i = 0; i < 50 && ranked === undefined; i++) {
      venue.sink().trades([
        { symbol: 'SOL-USDT', id: 2 * i + 1, price: 112, size: 1, side: 'buy', time: now, bid: 111.9, ask: 112.1 },
        { symbol: 'ETH-USDT', id: 2 * i + 2, price: 93, size: 1, side: 'sell', time: now, bid: 92.9, ask: 93.1 },
      ]);
      vi.advanceTimersByTime(1000);
      await new Promise((r) => setImmediate(r));
      ranked = client.messages.find(isRanked);
    }
    expect(ranked?.data.movers.gainers[0]).toMatchObject({ symbol: 'SOL-USDT', price: 112, changePct: 12 });

    client.send({ op: 'unsubscribe', id: 2, channels: [markets] });
    await client.waitFor((m) => m.type === 'unsubscribed');
    vi.advanceTimersByTime(29_999);
    expect(subscribedUpstream(venue)).toEqual(symbols);
    vi.advanceTimersByTime(1);
    expect(subscribedUpstream(venue)).toEqual([]);
  });
});
