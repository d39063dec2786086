import { Redis } from 'ioredis';
import { channel } from '@candlewire/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { candleOf, quoteOf } from '../../../../packages/protocol/test/channel-data';
import { startTestRedis, type TestRedis } from '../../test/redis-server';
import { until } from '../../test/until';
import { createRedisBroker, type RedisBroker } from '../broker/redis';
import { createInterestAnnouncer, createInterestWatcher, registryKeys } from './interest-registry';
import { catchUpItems, createLeaderGate } from './leader-gate';
import { createLeaderLease, type LeaderLease } from './lease';

let redis: TestRedis;
const cleanups: (() => Promise<unknown>)[] = [];
const connect = (): Redis => {
  const r = new Redis(redis.url, { maxRetriesPerRequest: null });
  cleanups.push(() => r.quit());
  return r;
};
const lease = (nodeId: string, ttlMs = 300): LeaderLease => {
  const l = createLeaderLease({ redis: connect(), key: 'cw:lease:ingest', nodeId, ttlMs });
  cleanups.push(() => l.stop());
  return l;
};
const broker = (fencingToken?: () => string): RedisBroker => {
  const b = createRedisBroker({
    url: redis.url,
    seeder: () => Promise.resolve(null),
    ...(fencingToken === undefined ? {} : { fencingToken }),
  });
  cleanups.push(() => b.close());
  return b;
};

beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await redis.client.flushall();
});
afterAll(async () => {
  await redis.close();
});

describe('leader lease', () => {
  it('one holder at a time; a standby takes over once the holder stops renewing', async () => {
    const a = lease('a');
    await a.tick();
    const b = lease('b');
    await b.tick();
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    const first = a.token();
    await a.stop();
    await until(() => b.isLeader(), 'takeover', 5000);
    expect(await b.holder()).toBe(b.token());
    // Fencing tokens only grow: the new tenure's is larger.
    expect(Number(b.token().split('#')[1])).toBeGreaterThan(Number(first.split('#')[1]));
  });

  it('a deposed holder can never write: its token is refused inside the publish script', async () => {
    const a = lease('a');
    await a.tick();
    const oldToken = a.token();
    // The lease expires under it (a long pause), and b takes it.
    await redis.client.del('cw:lease:ingest');
    const b = lease('b');
    await b.tick();
    const errors: string[] = [];
    const deposed = createRedisBroker({
      url: redis.url,
      seeder: () => Promise.resolve(null),
      fencingToken: () => oldToken,
      onPublishError: (e) => errors.push(e.message),
    });
    cleanups.push(() => deposed.close());
    deposed.publish(channel.quote('AAPL'), quoteOf('AAPL', 1));
    await deposed.flush();
    expect(errors[0]).toMatch(/FENCED/);
    expect(await redis.client.hget('cw:{quote:AAPL}:meta', 'seq')).toBeNull();
  });
});

describe('leader gate', () => {
  it('a new leader publishes exactly what the old one missed, seq continuing with no gap or duplicate', async () => {
    const trades = Array.from({ length: 10 }, (_, i) => ({ id: 100 + i, price: 1 + i, size: 1, side: 'buy' as const, time: 1000 + i }));
    const aaplTrades = channel.trades('AAPL');
    const old = broker();
    const standby = createLeaderGate({ broker: broker() });
    // Both ingests see the same trades; the old leader dies after publishing six.
    for (const t of trades.slice(0, 6)) old.publish(aaplTrades, t);
    for (const t of trades.slice(0, 8)) standby.publish(aaplTrades, t);
    await old.flush();
    await standby.lead();
    for (const t of trades.slice(8)) standby.publish(aaplTrades, t);
    await standby.flush();
    const reader = broker();
    await reader.prepare(aaplTrades);
    expect(reader.snapshot(aaplTrades).map((t) => t.id)).toEqual(trades.map((t) => t.id));
    expect(reader.position(aaplTrades).seq).toBe(10);
  });

  it('picks candles from the newest bucket Redis has, newest state per bucket', () => {
    const c = (time: number, close: number) => candleOf(time, close);
    expect(catchUpItems(channel.candles('AAPL', '1m'), [c(60, 1), c(60, 2), c(120, 3), c(120, 4)], c(60, 1))).toEqual([
      c(60, 2),
      c(120, 4),
    ]);
    expect(catchUpItems(channel.quote('AAPL'), [quoteOf('AAPL', 1), quoteOf('AAPL', 2)], quoteOf('AAPL', 2))).toEqual([]);
    const t = (id: number, time: number) => ({ id, price: 1, size: 1, side: 'buy' as const, time });
    expect(catchUpItems(channel.trades('AAPL'), [t(1, 1), t(2, 2)], t(9, 1))).toEqual([t(2, 2)]);
  });
});

describe('interest registry', () => {
  it("the ingest sees the union of every gateway's channels, and a dead gateway drops out", async () => {
    const keys = registryKeys('cw');
    let now = 1_000_000;
    const events: string[] = [];
    const watcher = createInterestWatcher({
      redis: connect(),
      sub: connect(),
      keys,
      ttlMs: 1000,
      onChange: (c, on) => events.push(`${on ? '+' : '-'}${c}`),
      now: () => now,
    });
    cleanups.push(() => watcher.stop());
    const g1 = createInterestAnnouncer({ redis: connect(), keys, nodeId: 'g1', ttlMs: 1000, now: () => now });
    const g2redis = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    g2redis.on('error', () => undefined);
    const g2 = createInterestAnnouncer({ redis: g2redis, keys, nodeId: 'g2', ttlMs: 1000, now: () => now });
    const r1 = g1.hold(channel.quote('AAPL'));
    g2.hold(channel.quote('AAPL'));
    g2.hold(channel.trades('MSFT'));
    await until(() => watcher.channels().size === 2, 'both channels');
    r1();
    await watcher.refresh();
    expect([...watcher.channels()].sort()).toEqual(['quote:AAPL', 'trades:MSFT']);
    // g2 dies (its connection is gone, no more heartbeats): past its TTL its channels drop.
    g2redis.disconnect();
    now += 5000;
    await watcher.refresh();
    expect([...watcher.channels()]).toEqual([]);
    await g1.stop();
    expect(events.sort()).toEqual(['+quote:AAPL', '+trades:MSFT', '-quote:AAPL', '-trades:MSFT'].sort());
  });
});
