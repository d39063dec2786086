import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../test/redis-server';
import { until } from '../../../test/until';
import type { StreamUpdate } from '../types';
import { createRedisBroker, type RedisBroker, type RedisBrokerOptions } from '.';
import { channelKeys, KEY_PREFIX, snapshotShape } from './keys';
import { dataOfFrame } from './replica';
import { PUBLISH_SCRIPT } from './scripts';

let redis: TestRedis;
const open: RedisBroker[] = [];
const broker = (options: Partial<RedisBrokerOptions> = {}): RedisBroker => {
  const b = createRedisBroker({ url: redis.url, ...options });
  open.push(b);
  return b;
};
const record = (b: RedisBroker, channel: string): StreamUpdate[] => {
  const got: StreamUpdate[] = [];
  b.listen(channel, (u) => got.push(u));
  return got;
};
/** An ingest: it publishes and loads history (here: none) for the channels gateways want. */
const ingestBroker = (options: Partial<RedisBrokerOptions> = {}): RedisBroker => broker({ seeder: () => Promise.resolve(null), ...options });
const quote = (price: number) => ({ symbol: 'AAPL', price, bid: price - 0.01, ask: price + 0.01, time: 1_000 + price, state: 'live' });

beforeAll(async () => {
  redis = await startTestRedis({ aof: true });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
  await redis.client.flushall();
});
afterAll(async () => {
  await redis.close();
});

describe('redis broker', () => {
  it('two gateways deliver identical seq and frames, and serve the same snapshot', async () => {
    const ingest = ingestBroker();
    await ingest.seed('quote:AAPL');
    const a = broker();
    const b = broker();
    await Promise.all([a.prepare('quote:AAPL'), b.prepare('quote:AAPL')]);
    const gotA = record(a, 'quote:AAPL');
    const gotB = record(b, 'quote:AAPL');
    for (let i = 1; i <= 20; i++) ingest.publish('quote:AAPL', quote(i));
    await until(() => gotA.length === 20 && gotB.length === 20, 'both gateways');
    expect(gotA).toEqual(gotB);
    expect(gotA.map((u) => u.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(JSON.parse(gotA[19]!.frame)).toEqual({ type: 'update', channel: 'quote:AAPL', seq: 20, data: quote(20) });
    expect(a.snapshot('quote:AAPL')).toEqual(quote(20));
    expect(a.position('quote:AAPL')).toEqual(b.position('quote:AAPL'));
    const late = broker();
    await late.prepare('quote:AAPL');
    expect(late.snapshot('quote:AAPL')).toEqual(quote(20));
    expect(late.position('quote:AAPL')).toEqual(a.position('quote:AAPL'));
  });

  it('resumes from any gateway: since() serves what another gateway delivered', async () => {
    const ingest = ingestBroker();
    await ingest.seed('trades:AAPL');
    const a = broker();
    await a.prepare('trades:AAPL');
    const got = record(a, 'trades:AAPL');
    for (let i = 0; i < 10; i++) ingest.publish('trades:AAPL', { id: String(i), price: 1 + i, size: 1, side: 'buy', time: i });
    await until(() => got.length === 10, 'ten trades');
    const b = broker();
    await b.prepare('trades:AAPL');
    const missed = b.since('trades:AAPL', { epoch: a.position('trades:AAPL').epoch, seq: 4 });
    expect(missed?.map((u) => u.frame)).toEqual(got.slice(4).map((u) => u.frame));
    expect(b.since('trades:AAPL', { epoch: 'other', seq: 4 })).toBeNull();
    expect(b.snapshot('trades:AAPL')).toHaveLength(10);
  });

  it('fills a pub/sub gap from the history stream, in order', async () => {
    const ingest = ingestBroker();
    await ingest.seed('quote:AAPL');
    const a = broker();
    await a.prepare('quote:AAPL');
    const got = record(a, 'quote:AAPL');
    ingest.publish('quote:AAPL', quote(1));
    await until(() => got.length === 1, 'first');
    // A publish whose pub/sub message is lost (as in a missed message or a reconnect).
    const keys = channelKeys('quote:AAPL');
    const { kind, limit } = snapshotShape('quote:AAPL');
    await redis.client.eval(PUBLISH_SCRIPT, 4, keys.meta, keys.history, keys.snapshot, `${KEY_PREFIX}:lease:ingest`, 'quote:AAPL', JSON.stringify(quote(2)), kind, limit, 100, 'x', '', 0, 0, 'nowhere', Date.now());
    ingest.publish('quote:AAPL', quote(3));
    await until(() => got.length === 3, 'backfilled');
    expect(got.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(got.map((u) => Reflect.get(Object(dataOfFrame(u.frame)), 'price') as unknown)).toEqual([1, 2, 3]);
    expect(a.stats().backfills).toBe(1);
  });

  it('keeps the epoch across process restarts, and a new one only when Redis lost the history', async () => {
    const first = ingestBroker();
    await first.prepare('quote:AAPL');
    const got = record(first, 'quote:AAPL');
    first.publish('quote:AAPL', quote(1));
    await until(() => got.length === 1, 'published');
    const before = first.position('quote:AAPL');
    await first.close();
    const second = ingestBroker();
    await second.prepare('quote:AAPL');
    expect(second.position('quote:AAPL')).toEqual(before);
    await redis.client.flushall();
    const third = ingestBroker();
    await third.prepare('quote:AAPL');
    expect(third.position('quote:AAPL').epoch).not.toBe(before.epoch);
    expect(third.since('quote:AAPL', before)).toBeNull();
  });

  it('survives a Redis restart with AOF: same epoch, and replicas catch up after reconnecting', async () => {
    const ingest = ingestBroker();
    await ingest.seed('quote:AAPL');
    const a = broker();
    await a.prepare('quote:AAPL');
    const got = record(a, 'quote:AAPL');
    ingest.publish('quote:AAPL', quote(1));
    await until(() => got.length === 1, 'first');
    const epoch = a.position('quote:AAPL').epoch;
    await redis.stop();
    await redis.start();
    ingest.publish('quote:AAPL', quote(2));
    ingest.publish('quote:AAPL', quote(3));
    await until(() => got.length === 3, 'after restart', 15_000);
    expect(got.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(a.position('quote:AAPL')).toEqual({ epoch, seq: 3 });
  });

  it('keeps candles by bucket: forming states replace, closed revisions of older buckets replace', async () => {
    const ingest = ingestBroker();
    const c = (time: number, close: number, closed: boolean) => ({ time, open: 1, high: close, low: 1, close, volume: 1, closed });
    ingest.publish('candles:AAPL:1m', c(60, 1, false));
    ingest.publish('candles:AAPL:1m', c(60, 2, true));
    ingest.publish('candles:AAPL:1m', c(120, 3, false));
    ingest.publish('candles:AAPL:1m', c(60, 5, true)); // a venue's correction
    ingest.publish('candles:AAPL:1m', c(0, 9, true)); // a revision of a bucket not held: dropped
    await ingest.flush();
    await ingest.seed('candles:AAPL:1m');
    const a = broker();
    await a.prepare('candles:AAPL:1m');
    expect(a.position('candles:AAPL:1m').seq).toBe(5);
    expect(a.snapshot('candles:AAPL:1m')).toEqual([c(60, 5, true), c(120, 3, false)]);
  });

  it('seeds a snapshot once from the loader, under what updates brought', async () => {
    let loads = 0;
    const seeder = (): Promise<unknown[]> => {
      loads++;
      return Promise.resolve([{ id: 'old1', price: 1, size: 1, side: 'buy', time: 1 }, { id: 'old2', price: 1, size: 1, side: 'buy', time: 2 }]);
    };
    const a = ingestBroker({ seeder });
    a.publish('trades:AAPL', { id: 'new', price: 2, size: 1, side: 'sell', time: 3 });
    await a.prepare('trades:AAPL');
    const b = ingestBroker({ seeder });
    await b.prepare('trades:AAPL');
    expect(loads).toBe(1);
    expect((b.snapshot('trades:AAPL') as { id: string }[]).map((t) => t.id)).toEqual(['old1', 'old2', 'new']);
  });

  it('refuses a publish whose fencing token does not hold the lease', async () => {
    const errors: string[] = [];
    await redis.client.set(`${KEY_PREFIX}:lease:ingest`, 'leader-2');
    const deposed = broker({ fencingToken: () => 'leader-1', onPublishError: (err) => errors.push(err.message) });
    const leader = ingestBroker({ fencingToken: () => 'leader-2' });
    deposed.publish('quote:AAPL', quote(1));
    leader.publish('quote:AAPL', quote(2));
    await Promise.all([deposed.flush(), leader.flush()]);
    expect(errors).toHaveLength(1);
    await leader.prepare('quote:AAPL');
    expect(errors[0]).toMatch(/FENCED/);
    expect(leader.position('quote:AAPL').seq).toBe(1);
    expect(leader.snapshot('quote:AAPL')).toEqual(quote(2));
  });

  it('a gateway asks the ingest for a channel nobody loaded yet, and waits for it', async () => {
    const ingest = ingestBroker({ seeder: () => Promise.resolve([quote(7)]) });
    const wanted: string[] = [];
    const gateway = broker({
      requestSeed: (channel) => {
        wanted.push(channel);
        void ingest.seed(channel);
        return () => undefined;
      },
    });
    await gateway.prepare('quote:AAPL');
    expect(wanted).toEqual(['quote:AAPL']);
    expect(gateway.snapshot('quote:AAPL')).toEqual(quote(7));
  });

  it('a gateway with no ingest answering fails its prepare with the reason', async () => {
    const gateway = broker({ seedTimeoutMs: 50 });
    await expect(gateway.prepare('quote:AAPL')).rejects.toThrow(/no ingest loaded quote:AAPL/);
  });

  it('keeps publish order when Redis forgets its scripts mid-stream (SCRIPT FLUSH, a restart)', async () => {
    const ingest = ingestBroker();
    for (let i = 1; i <= 100; i++) ingest.publish('quote:AAPL', quote(i));
    void redis.client.script('FLUSH');
    for (let i = 101; i <= 200; i++) ingest.publish('quote:AAPL', quote(i));
    void redis.client.script('FLUSH');
    for (let i = 201; i <= 300; i++) ingest.publish('quote:AAPL', quote(i));
    await ingest.flush();
    const entries = await redis.client.xrange(channelKeys('quote:AAPL').history, '-', '+');
    const prices = entries.map(([, fields]) => Reflect.get(Object(dataOfFrame(fields[1] ?? '{}')), 'price') as unknown);
    expect(prices).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('subscribes in Redis only to the channels its own clients hold', async () => {
    const a = ingestBroker({ historyMinMs: 0 });
    const detach = a.listen('quote:AAPL', () => undefined);
    a.listen('trades:MSFT', () => undefined);
    await Promise.all([a.prepare('quote:AAPL'), a.prepare('trades:MSFT')]);
    const channels = async () => ((await redis.client.pubsub('CHANNELS')) as string[]).sort();
    expect(await channels()).toEqual([channelKeys('quote:AAPL').pubsub, channelKeys('trades:MSFT').pubsub].sort());
    detach();
    await until(() => a.stats().subscriptions === 1, 'released');
    expect(await channels()).toEqual([channelKeys('trades:MSFT').pubsub]);
  });
});
