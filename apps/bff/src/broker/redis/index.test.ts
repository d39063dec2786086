import { channel, type Channel } from '@candlewire/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { candleOf, quoteOf } from '../../../../../packages/protocol/test/channel-data';
import { startTestRedis, type TestRedis } from '../../../test/redis-server';
import { until } from '../../../test/until';
import type { StreamUpdate } from '../types';
import { createRedisBroker, type RedisBroker, type RedisBrokerOptions } from '.';
import { channelKeys, KEY_PREFIX, snapshotShape } from './keys';
import { channelDataOfFrame } from './replica';
import { PUBLISH_SCRIPT } from './scripts';

let redis: TestRedis;
const open: RedisBroker[] = [];
const broker = (options: Partial<RedisBrokerOptions> = {}): RedisBroker => {
  const b = createRedisBroker({ url: redis.url, ...options });
  open.push(b);
  return b;
};
const record = (b: RedisBroker, name: Channel): StreamUpdate[] => {
  const got: StreamUpdate[] = [];
  b.listen(name, (u) => got.push(u));
  return got;
};
/** An ingest: it publishes and loads history (here: none) for the channels gateways want. */
const ingestBroker = (options: Partial<RedisBrokerOptions> = {}): RedisBroker =>
  broker({ seeder: () => Promise.resolve(null), ...options });
const quote = (price: number) => quoteOf('AAPL', price, { bid: price - 0.01, ask: price + 0.01, time: 1_000 + price });
const trade = (id: number, price: number, side: 'buy' | 'sell', time: number) => ({ id, price, size: 1, side, time });
const AAPL = channel.quote('AAPL');
const TRADES = channel.trades('AAPL');
const MINUTES = channel.candles('AAPL', '1m');
const MSFT_TRADES = channel.trades('MSFT');

/** An ingest and a gateway live on quote:AAPL, the gateway having received the first update. */
async function liveGateway(): Promise<{ ingest: RedisBroker; a: RedisBroker; got: StreamUpdate[] }> {
  const ingest = ingestBroker();
  await ingest.seed(AAPL);
  const a = broker();
  await a.prepare(AAPL);
  const got = record(a, AAPL);
  ingest.publish(AAPL, quote(1));
  await until(() => got.length === 1, 'first');
  return { ingest, a, got };
}

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
    await ingest.seed(AAPL);
    const a = broker();
    const b = broker();
    await Promise.all([a.prepare(AAPL), b.prepare(AAPL)]);
    const gotA = record(a, AAPL);
    const gotB = record(b, AAPL);
    for (let i = 1; i <= 20; i++) ingest.publish(AAPL, quote(i));
    await until(() => gotA.length === 20 && gotB.length === 20, 'both gateways');
    expect(gotA).toEqual(gotB);
    expect(gotA.map((u) => u.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(JSON.parse(gotA[19]!.frame)).toEqual({ type: 'update', channel: 'quote:AAPL', seq: 20, data: quote(20) });
    expect(a.snapshot(AAPL)).toEqual(quote(20));
    expect(a.position(AAPL)).toEqual(b.position(AAPL));
    const late = broker();
    await late.prepare(AAPL);
    expect(late.snapshot(AAPL)).toEqual(quote(20));
    expect(late.position(AAPL)).toEqual(a.position(AAPL));
  });

  it('resumes from any gateway: since() serves what another gateway delivered', async () => {
    const ingest = ingestBroker();
    await ingest.seed(TRADES);
    const a = broker();
    await a.prepare(TRADES);
    const got = record(a, TRADES);
    for (let i = 0; i < 10; i++) ingest.publish(TRADES, trade(i, 1 + i, 'buy', i));
    await until(() => got.length === 10, 'ten trades');
    const b = broker();
    await b.prepare(TRADES);
    const missed = b.since(TRADES, { epoch: a.position(TRADES).epoch, seq: 4 });
    expect(missed?.map((u) => u.frame)).toEqual(got.slice(4).map((u) => u.frame));
    expect(b.since(TRADES, { epoch: 'other', seq: 4 })).toBeNull();
    expect(b.snapshot(TRADES)).toHaveLength(10);
  });

  it('fills a pub/sub gap from the history stream, in order', async () => {
    const { ingest, a, got } = await liveGateway();
    // A publish whose pub/sub message is lost (as in a missed message or a reconnect).
    const keys = channelKeys(AAPL);
    const { kind, limit } = snapshotShape(AAPL);
    await redis.client.eval(
      PUBLISH_SCRIPT,
      4,
      keys.meta,
      keys.history,
      keys.snapshot,
      `${KEY_PREFIX}:lease:ingest`,
      AAPL,
      JSON.stringify(quote(2)),
      kind,
      limit,
      100,
      'x',
      '',
      0,
      0,
      'nowhere',
      Date.now(),
    );
    ingest.publish(AAPL, quote(3));
    await until(() => got.length === 3, 'backfilled');
    expect(got.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(got.map((u) => channelDataOfFrame(AAPL, u.frame)?.price)).toEqual([1, 2, 3]);
    expect(a.stats().backfills).toBe(1);
  });

  it('keeps the epoch across process restarts, and a new one only when Redis lost the history', async () => {
    const first = ingestBroker();
    await first.prepare(AAPL);
    const got = record(first, AAPL);
    first.publish(AAPL, quote(1));
    await until(() => got.length === 1, 'published');
    const before = first.position(AAPL);
    await first.close();
    const second = ingestBroker();
    await second.prepare(AAPL);
    expect(second.position(AAPL)).toEqual(before);
    await redis.client.flushall();
    const third = ingestBroker();
    await third.prepare(AAPL);
    expect(third.position(AAPL).epoch).not.toBe(before.epoch);
    expect(third.since(AAPL, before)).toBeNull();
  });

  it('survives a Redis restart with AOF: same epoch, and replicas catch up after reconnecting', async () => {
    const { ingest, a, got } = await liveGateway();
    const epoch = a.position(AAPL).epoch;
    await redis.stop();
    await redis.start();
    ingest.publish(AAPL, quote(2));
    ingest.publish(AAPL, quote(3));
    await until(() => got.length === 3, 'after restart', 15_000);
    expect(got.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(a.position(AAPL)).toEqual({ epoch, seq: 3 });
  });

  it('keeps candles by bucket: forming states replace, closed revisions of older buckets replace', async () => {
    const ingest = ingestBroker();
    const c = (time: number, close: number, closed: boolean) => ({ ...candleOf(time, close, closed), open: 1, low: 1 });
    ingest.publish(MINUTES, c(60, 1, false));
    ingest.publish(MINUTES, c(60, 2, true));
    ingest.publish(MINUTES, c(120, 3, false));
    ingest.publish(MINUTES, c(60, 5, true)); // a venue's correction
    ingest.publish(MINUTES, c(0, 9, true)); // a revision of a bucket not held: dropped
    await ingest.flush();
    await ingest.seed(MINUTES);
    const a = broker();
    await a.prepare(MINUTES);
    expect(a.position(MINUTES).seq).toBe(5);
    expect(a.snapshot(MINUTES)).toEqual([c(60, 5, true), c(120, 3, false)]);
  });

  it('seeds a snapshot once from the loader, under what updates brought', async () => {
    let loads = 0;
    const seeder = () => {
      loads++;
      return Promise.resolve({ channel: TRADES, items: [trade(101, 1, 'buy', 1), trade(102, 1, 'buy', 2)] });
    };
    const a = ingestBroker({ seeder });
    a.publish(TRADES, trade(200, 2, 'sell', 3));
    await a.prepare(TRADES);
    const b = ingestBroker({ seeder });
    await b.prepare(TRADES);
    expect(loads).toBe(1);
    expect(b.snapshot(TRADES).map((t) => t.id)).toEqual([101, 102, 200]);
  });

  it('refuses a publish whose fencing token does not hold the lease', async () => {
    const errors: string[] = [];
    await redis.client.set(`${KEY_PREFIX}:lease:ingest`, 'leader-2');
    const deposed = broker({ fencingToken: () => 'leader-1', onPublishError: (err) => errors.push(err.message) });
    const leader = ingestBroker({ fencingToken: () => 'leader-2' });
    deposed.publish(AAPL, quote(1));
    leader.publish(AAPL, quote(2));
    await Promise.all([deposed.flush(), leader.flush()]);
    expect(errors).toHaveLength(1);
    await leader.prepare(AAPL);
    expect(errors[0]).toMatch(/FENCED/);
    expect(leader.position(AAPL).seq).toBe(1);
    expect(leader.snapshot(AAPL)).toEqual(quote(2));
  });

  it('a gateway asks the ingest for a channel nobody loaded yet, and waits for it', async () => {
    const ingest = ingestBroker({ seeder: () => Promise.resolve({ channel: AAPL, items: [quote(7)] }) });
    const wanted: string[] = [];
    const gateway = broker({
      requestSeed: (name) => {
        wanted.push(name);
        void ingest.seed(name);
        return () => undefined;
      },
    });
    await gateway.prepare(AAPL);
    expect(wanted).toEqual([AAPL]);
    expect(gateway.snapshot(AAPL)).toEqual(quote(7));
  });

  it('a gateway with no ingest answering fails its prepare with the reason', async () => {
    const gateway = broker({ seedTimeoutMs: 50 });
    await expect(gateway.prepare(AAPL)).rejects.toThrow(/no ingest loaded quote:AAPL/);
  });

  it('keeps publish order when Redis forgets its scripts mid-stream (SCRIPT FLUSH, a restart)', async () => {
    const ingest = ingestBroker();
    for (let i = 1; i <= 100; i++) ingest.publish(AAPL, quote(i));
    void redis.client.script('FLUSH');
    for (let i = 101; i <= 200; i++) ingest.publish(AAPL, quote(i));
    void redis.client.script('FLUSH');
    for (let i = 201; i <= 300; i++) ingest.publish(AAPL, quote(i));
    await ingest.flush();
    const entries = await redis.client.xrange(channelKeys(AAPL).history, '-', '+');
    const prices = entries.map(([, fields]) => channelDataOfFrame(AAPL, fields[1] ?? '{}')?.price);
    expect(prices).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('subscribes in Redis only to the channels its own clients hold', async () => {
    const a = ingestBroker({ historyMinMs: 0 });
    const detach = a.listen(AAPL, () => undefined);
    a.listen(MSFT_TRADES, () => undefined);
    await Promise.all([a.prepare(AAPL), a.prepare(MSFT_TRADES)]);
    const channels = async () => ((await redis.client.pubsub('CHANNELS')) as string[]).sort();
    expect(await channels()).toEqual([channelKeys(AAPL).pubsub, channelKeys(MSFT_TRADES).pubsub].sort());
    detach();
    await until(() => a.stats().subscriptions === 1, 'released');
    expect(await channels()).toEqual([channelKeys(MSFT_TRADES).pubsub]);
  });
});
