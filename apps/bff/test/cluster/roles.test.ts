import type { ServerMessage, UpdateMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis-server';
import { startTestServer, type TestServer } from '../server';
import { connectClient } from '../ws-client';

let redis: TestRedis;
const servers: TestServer[] = [];
const start = async (env: Record<string, string>): Promise<TestServer> => {
  const s = await startTestServer({ REDIS_URL: redis.url, SIM_TRADES_PER_SEC: '20', LEASE_TTL_MS: '600', ...env });
  servers.push(s);
  return s;
};
const updates = (messages: readonly ServerMessage[], channel: string): UpdateMessage[] =>
  messages.filter((m): m is UpdateMessage => m.type === 'update' && m.channel === channel);

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await redis.close();
});

describe('ingest and gateway roles on Redis', () => {
  let gw1: TestServer;
  let gw2: TestServer;
  beforeAll(async () => {
    await start({ ROLE: 'ingest', NODE_ID: 'ingest-1' });
    gw1 = await start({ ROLE: 'gateway', NODE_ID: 'gw-1' });
    gw2 = await start({ ROLE: 'gateway', NODE_ID: 'gw-2' });
  });

  it('two gateways deliver identical seq and data for the same channels', async () => {
    const channels = ['trades:AAPL', 'candles:AAPL:1m', 'quote:BTC-USDT'];
    const [a, b] = await Promise.all([connectClient(gw1.wsUrl), connectClient(gw2.wsUrl)]);
    for (const c of [a, b]) c.send({ op: 'subscribe', id: 1, channels });
    const subscribedA = await a.waitForCount((m) => m.type === 'subscribed', 3);
    await b.waitForCount((m) => m.type === 'subscribed', 3);
    expect(subscribedA.map((m) => m.type === 'subscribed' && m.channel)).toEqual(channels);
    // Both see at least 8 updates of every channel after the later one subscribed.
    for (const channel of channels) {
      const startB = updates(b.messages, channel)[0]?.seq ?? 0;
      for (const c of [a, b]) await c.waitForCount((m) => m.type === 'update' && m.channel === channel && m.seq > startB, 8, 20_000);
    }
    for (const channel of channels) {
      const ua = updates(a.messages, channel);
      const ub = updates(b.messages, channel);
      const from = Math.max(ua[0]?.seq ?? 0, ub[0]?.seq ?? 0);
      const to = Math.min(ua.at(-1)?.seq ?? 0, ub.at(-1)?.seq ?? 0);
      const window = (list: UpdateMessage[]) => list.filter((u) => u.seq >= from && u.seq <= to);
      expect(window(ua).length).toBeGreaterThan(0);
      expect(window(ua)).toEqual(window(ub));
      // gap-free: consecutive seqs
      expect(window(ua).map((u) => u.seq)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    }
    await Promise.all([a.close(), b.close()]);
  });

  it("a gateway subscribes in Redis only to its clients' channels", async () => {
    const c = await connectClient(gw1.wsUrl);
    c.send({ op: 'subscribe', id: 1, channels: ['quote:MSFT'] });
    await c.waitFor((m) => m.type === 'subscribed');
    const pubsub = (await redis.client.pubsub('CHANNELS', 'cw:{*}:pub')) as string[];
    expect(pubsub).toContain('cw:{quote:MSFT}:pub');
    // Nobody holds quote:TSLA anywhere: no gateway subscribes to it.
    expect(pubsub).not.toContain('cw:{quote:TSLA}:pub');
    await c.close();
  });

  it('serves /api/candles from any gateway, equal across gateways', async () => {
    const q = '/api/candles?symbol=AAPL&interval=1m&limit=20';
    const [r1, r2] = await Promise.all([fetch(gw1.url + q), fetch(gw2.url + q)]);
    expect(r1.status).toBe(200);
    const [c1, c2] = (await Promise.all([r1.json(), r2.json()])) as { candles: { time: number }[] }[];
    expect(c1?.candles.length).toBe(20);
    // The forming candle may move between the two reads; every closed one is equal.
    expect(c1?.candles.slice(0, -1)).toEqual(c2?.candles.slice(0, -1));
  });

  it('reports role, lease holder and Redis round-trip in /api/status', async () => {
    const status = (await (await fetch(`${gw1.url}/api/status`)).json()) as {
      cluster: { role: string; leaseHolder: string; redisRttMs: number };
    };
    expect(status.cluster.role).toBe('gateway');
    expect(status.cluster.leaseHolder).toMatch(/^ingest-1#\d+$/);
    expect(status.cluster.redisRttMs).toBeGreaterThanOrEqual(0);
  });
});
