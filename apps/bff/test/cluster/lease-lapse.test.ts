import { channel, updateOf, type ServerMessage, type UpdateMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis-server';
import { startTestServer, type TestServer } from '../server';
import { connectClient } from '../ws-client';
import { eventually, expectConsecutive, expectEveryTrade } from './stream-checks';

let redis: TestRedis;
const servers: TestServer[] = [];
const TRADES = channel.trades('AAPL');
const tradesOf = (messages: readonly ServerMessage[]): UpdateMessage<'trades'>[] => messages.filter(updateOf(TRADES));

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await redis.close();
});

describe('a lease that lapses under the leader', () => {
  it('fenced publishes are not lost: the ingest stands by, leads again and publishes what Redis lacks', async () => {
    const env = { REDIS_URL: redis.url, SIM_TRADES_PER_SEC: '20', LEASE_TTL_MS: '2000', INTEREST_TTL_MS: '3000' };
    servers.push(await startTestServer({ ...env, ROLE: 'ingest', NODE_ID: 'ingest' }));
    const gateway = await startTestServer({ ...env, ROLE: 'gateway', NODE_ID: 'gw' });
    servers.push(gateway);
    const holder = (): Promise<string | null> => redis.client.get('cw:lease:ingest');
    await eventually(async () => (await holder()) !== null, 'the ingest leads');
    const client = await connectClient(gateway.wsUrl);
    client.send({ op: 'subscribe', id: 1, channels: [TRADES] });
    await client.waitForCount(updateOf(TRADES), 15, 20_000);

    // As if the lease expired while the leader's event loop was starved: its next publishes are FENCED.
    const first = await holder();
    await redis.client.del('cw:lease:ingest');
    await eventually(async () => {
      const now = await holder();
      return now !== null && now !== first;
    }, 'the ingest leads again (a new token)');
    expect(Number((await holder())?.split('#')[1])).toBeGreaterThan(Number(first?.split('#')[1]));
    const count = tradesOf(client.messages).length;
    await client.waitForCount(updateOf(TRADES), count + 40, 20_000);

    const trades = tradesOf(client.messages);
    expectConsecutive(trades.map((u) => u.seq));
    expectEveryTrade(trades.map((u) => u.data.id));
    await client.close();
  }, 60_000);
});
