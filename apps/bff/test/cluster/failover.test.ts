import { createClient, type ChannelEvent } from '@candlewire/client';
import { createNodeSocket } from '@candlewire/client/node';
import {
  channel,
  createSnapshotReducer,
  updateOf,
  type Channel,
  type ChannelKind,
  type ServerMessage,
  type UpdateMessage,
} from '@candlewire/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBffProcess, type BffProcess } from '../bff-process';
import { startTestRedis, type TestRedis } from '../redis-server';
import { startTestServer, type TestServer } from '../server';
import { connectClient } from '../ws-client';
import { eventually } from './stream-checks';

let redis: TestRedis;
const running: (BffProcess | TestServer)[] = [];
const base = (): Record<string, string> => ({
  REDIS_URL: redis.url,
  SIM_TRADES_PER_SEC: '10',
  LEASE_TTL_MS: '2000',
  INTEREST_TTL_MS: '3000',
});
const proc = async (env: Record<string, string>): Promise<BffProcess> => {
  const p = await startBffProcess({ ...base(), ...env });
  running.push(p);
  return p;
};
const inProcess = async (env: Record<string, string>): Promise<TestServer> => {
  const s = await startTestServer({ ...base(), ...env });
  running.push(s);
  return s;
};
const holder = async (): Promise<string | null> => redis.client.get('cw:lease:ingest');
const updatesOf = <K extends ChannelKind>(messages: readonly ServerMessage[], name: Channel<K>): UpdateMessage<K>[] =>
  messages.filter(updateOf(name));
const TRADES = channel.trades('AAPL');
const SECONDS = channel.candles('AAPL', '1s');

beforeAll(async () => {
  redis = await startTestRedis({ aof: true });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => ('kill' in r ? r.stop() : r.close())));
  await redis.client.flushall();
});
afterAll(async () => {
  await redis.close();
});

describe('failover', () => {
  it('SIGKILL of the leader ingest: the standby leads within 5 s, seq goes on, candles equal trades; the old one stands by', async () => {
    const a = await proc({ ROLE: 'ingest', NODE_ID: 'ingest-a' });
    await eventually(async () => (await holder())?.startsWith('ingest-a#') === true, 'ingest-a leads');
    const b = await proc({ ROLE: 'ingest', NODE_ID: 'ingest-b' });
    // The standby is warm (its pipeline runs) before the leader dies.
    await eventually(async () => (await fetch(`${b.url}/readyz`).catch(() => null))?.status === 200, 'ingest-b ready', 30_000);
    const gw = await inProcess({ ROLE: 'gateway', NODE_ID: 'gw' });
    const client = await connectClient(gw.wsUrl);
    client.send({ op: 'subscribe', id: 1, channels: [TRADES, SECONDS] });
    await client.waitForCount((m) => m.type === 'subscribed', 2, 30_000);
    await client.waitForCount(updateOf(TRADES), 15, 20_000);
    const killedAt = performance.now();
    await a.kill();
    await eventually(async () => (await holder())?.startsWith('ingest-b#') === true, 'ingest-b leads', 10_000);
    const takeoverMs = performance.now() - killedAt;
    expect(takeoverMs).toBeLessThan(5000);
    const before = updatesOf(client.messages, TRADES).length;
    await client.waitForCount(updateOf(TRADES), before + 15, 20_000);
    // The old leader comes back: it stands by and never writes.
    const back = await proc({ ROLE: 'ingest', NODE_ID: 'ingest-a' });
    const status = (await (await fetch(`${back.url}/api/status`)).json()) as { cluster: { leader: boolean } };
    expect(status.cluster.leader).toBe(false);
    const more = updatesOf(client.messages, TRADES).length;
    await client.waitForCount(updateOf(TRADES), more + 60, 30_000);
    expect((await holder())?.startsWith('ingest-b#')).toBe(true);

    const trades = updatesOf(client.messages, TRADES);
    expect(trades.map((u) => u.seq)).toEqual(trades.map((_, i) => (trades[0]?.seq ?? 0) + i)); // no gap, no duplicate
    expect(new Set(trades.map((u) => u.data.id)).size).toBe(trades.length);
    // Every closed 1 s candle after the first full second equals the trades in it.
    const firstFull = Math.ceil((trades[0]?.data.time ?? NaN) / 1000) + 1;
    const lastTrade = (trades.at(-1)?.data.time ?? NaN) / 1000;
    const closed = updatesOf(client.messages, SECONDS).filter(
      (u) => u.data.closed && u.data.time >= firstFull && u.data.time + 1 < lastTrade,
    );
    expect(closed.length).toBeGreaterThan(5);
    let traded = 0;
    for (const candle of closed) {
      const t = candle.data.time;
      const inBucket = trades.filter((u) => Math.floor(u.data.time / 1000) === t);
      const volume = inBucket.reduce((sum, u) => sum + u.data.size, 0);
      expect(candle.data.volume).toBeCloseTo(volume, 6);
      if (inBucket.length === 0) continue;
      traded++;
      expect(candle.data.high).toBe(Math.max(...inBucket.map((u) => u.data.price)));
      expect(candle.data.low).toBe(Math.min(...inBucket.map((u) => u.data.price)));
      expect(candle.data.close).toBe(inBucket.at(-1)?.data.price);
    }
    expect(traded).toBeGreaterThan(3);
    await client.close();
  }, 90_000);

  it('SIGKILL of a gateway under 200 SDK clients: every one resumes on the other, recovered, no gap, candles equal REST', async () => {
    await inProcess({ ROLE: 'ingest', NODE_ID: 'ingest' });
    const gw1 = await proc({ ROLE: 'gateway', NODE_ID: 'gw-1' });
    const gw2 = await proc({ ROLE: 'gateway', NODE_ID: 'gw-2' });
    const clients = Array.from({ length: 200 }, (_, i) => {
      const events: ChannelEvent<'candles'>[] = [];
      const sdk = createClient({ url: [gw1.wsUrl, gw2.wsUrl], createSocket: createNodeSocket, random: () => (i % 2) / 2 + 0.01 });
      sdk.subscribe(SECONDS, (e) => events.push(e));
      sdk.start();
      return { sdk, events };
    });
    const connectedTo = (c: (typeof clients)[number]) => (c.sdk.state.status === 'connected' ? c.sdk.state.sessionId : null);
    await eventually(() => clients.every((c) => c.events.some((e) => e.type === 'update')), 'every client live', 30_000);
    void connectedTo;
    await gw1.kill();
    const killedAt = performance.now();
    await eventually(
      () =>
        clients.every(
          (c) => c.sdk.state.status === 'connected' && c.events.at(-1)?.type === 'update' && performance.now() - killedAt > 3000,
        ),
      'every client back',
      30_000,
    );
    for (const { events, sdk } of clients) {
      sdk.stop();
      const snapshots = events.filter((e) => e.type === 'snapshot');
      expect(snapshots.filter((e) => e.type === 'snapshot' && e.reset)).toEqual([]); // recovered: no reset
      const seqs = events.flatMap((e) => (e.type === 'update' ? [e.seq] : []));
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
    }
    // Candles: snapshot + updates equal what REST says now for every closed candle.
    const reducer = createSnapshotReducer(SECONDS);
    const first = clients[0]!;
    for (const e of first.events) {
      if (e.type === 'snapshot') reducer.seed(e.snapshot);
      if (e.type === 'update') reducer.apply(e.data);
    }
    const mine = reducer.value();
    const rest = (await (await fetch(`${gw2.url}/api/candles?symbol=AAPL&interval=1s&limit=1000`)).json()) as {
      candles: { time: number }[];
    };
    const byTime = new Map(rest.candles.map((c) => [c.time, c]));
    const closedMine = mine.filter((c) => c.closed);
    expect(closedMine.length).toBeGreaterThan(10);
    for (const { closed: _closed, ...candle } of closedMine) expect(byTime.get(candle.time)).toEqual(candle);
  }, 120_000);
});
