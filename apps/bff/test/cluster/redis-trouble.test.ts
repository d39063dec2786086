import { createClient, type CandlewireClient, type ChannelEvent } from '@candlewire/client';
import { createNodeSocket } from '@candlewire/client/node';
import {
  channel,
  createSnapshotReducer,
  subscribedTo,
  updateOf,
  type Channel,
  type ChannelKind,
  type ServerMessage,
  type UpdateMessage,
} from '@candlewire/protocol';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis-server';
import { startTestServer, type TestServer } from '../server';
import { connectClient, type TestClient } from '../ws-client';
import { eventually, expectConsecutive, expectEveryTrade } from './stream-checks';

let redis: TestRedis;
/** Set while a test has Redis stopped, so that cleanup starts it again whatever happened. */
let redisDown = false;
const servers: TestServer[] = [];
const sdks: CandlewireClient[] = [];
const TRADES = channel.trades('AAPL');
const SECONDS = channel.candles('AAPL', '1s');

/** An ingest and a gateway over Redis, in this process. */
async function cluster(): Promise<TestServer> {
  const env = { REDIS_URL: redis.url, SIM_TRADES_PER_SEC: '10', LEASE_TTL_MS: '2000', INTEREST_TTL_MS: '3000', SEED_TIMEOUT_MS: '8000' };
  servers.push(await startTestServer({ ...env, ROLE: 'ingest', NODE_ID: 'ingest' }));
  const gateway = await startTestServer({ ...env, ROLE: 'gateway', NODE_ID: 'gw' });
  servers.push(gateway);
  return gateway;
}
const updatesOf = <K extends ChannelKind>(messages: readonly ServerMessage[], name: Channel<K>): UpdateMessage<K>[] =>
  messages.filter(updateOf(name));
/** A raw client on `channels`, once each has its first update. */
async function rawClient(url: string, channels: Channel[]): Promise<TestClient> {
  const c = await connectClient(url);
  c.send({ op: 'subscribe', id: 1, channels });
  await c.waitForCount((m) => m.type === 'subscribed', channels.length, 30_000);
  for (const name of channels) await c.waitFor(updateOf(name), 20_000);
  return c;
}
/** An SDK client recording every event of `name`. */
function sdkClient<K extends ChannelKind>(url: string, name: Channel<K>): { sdk: CandlewireClient; events: ChannelEvent<K>[] } {
  const events: ChannelEvent<K>[] = [];
  const sdk = createClient({ url, createSocket: createNodeSocket });
  sdk.subscribe(name, (e) => events.push(e));
  sdk.start();
  sdks.push(sdk);
  return { sdk, events };
}
const sdkSeqs = (events: readonly ChannelEvent[]): number[] => events.flatMap((e) => (e.type === 'update' ? [e.seq] : []));
/** The closed candles an SDK listener holds equal what the gateway's REST says. */
async function expectCandlesEqualRest(gateway: TestServer, events: readonly ChannelEvent<'candles'>[]): Promise<void> {
  const reducer = createSnapshotReducer(SECONDS);
  for (const e of events) {
    if (e.type === 'snapshot') reducer.load(e.snapshot);
    if (e.type === 'update') reducer.apply(e.data);
  }
  const rest = (await (await fetch(`${gateway.url}/api/candles?symbol=AAPL&interval=1s&limit=1000`)).json()) as {
    candles: { time: number }[];
  };
  const byTime = new Map(rest.candles.map((c) => [c.time, c]));
  const closed = reducer.value().filter((c) => c.closed);
  expect(closed.length).toBeGreaterThan(10);
  for (const { closed: _closed, ...candle } of closed) expect(byTime.get(candle.time)).toEqual(candle);
}
const readyz = async (gateway: TestServer): Promise<number> => (await fetch(`${gateway.url}/readyz`)).status;

beforeAll(async () => {
  redis = await startTestRedis({ aof: true });
});
afterEach(async () => {
  if (redisDown) await redis.start();
  redisDown = false;
  for (const sdk of sdks.splice(0)) sdk.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await redis.client.flushall();
});
afterAll(async () => {
  await redis.close();
});

describe('Redis trouble', () => {
  it('a Redis restart with AOF: connections stay, streams go on with no gap and no duplicate, a resume is recovered', async () => {
    const gateway = await cluster();
    const raw = await rawClient(gateway.wsUrl, [TRADES, SECONDS]);
    const { events } = sdkClient(gateway.wsUrl, TRADES);
    await eventually(() => sdkSeqs(events).length >= 5, 'SDK live');
    const before = updatesOf(raw.messages, TRADES).length;
    await redis.stop();
    await redis.start();
    await raw.waitForCount(updateOf(TRADES), before + 30, 30_000);
    await eventually(() => sdkSeqs(events).length >= before + 20, 'SDK goes on');

    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    const trades = updatesOf(raw.messages, TRADES);
    expectConsecutive(trades.map((u) => u.seq));
    expectEveryTrade(trades.map((u) => u.data.id));
    expectConsecutive(updatesOf(raw.messages, SECONDS).map((u) => u.seq));
    expect(events.filter((e) => e.type === 'snapshot' && e.reset)).toEqual([]);
    expectConsecutive(sdkSeqs(events));

    // A client that lost its socket resumes from where it was: recovered, the missed updates follow.
    const [subscribed] = raw.messages.filter(subscribedTo(TRADES));
    const from = trades.at(-10);
    const again = await connectClient(gateway.wsUrl);
    again.send({ op: 'subscribe', id: 2, channels: [TRADES], resume: { [TRADES]: { epoch: subscribed?.epoch, seq: from?.seq } } });
    const reply = await again.waitFor(subscribedTo(TRADES));
    expect(reply).toMatchObject({ recovered: true, epoch: subscribed?.epoch, seq: from?.seq });
    const missed = await again.waitForCount(updateOf(TRADES), 9);
    expect(missed.map((u) => u.seq)).toEqual(trades.slice(-9).map((u) => u.seq));
    await Promise.all([raw.close(), again.close()]);
  }, 90_000);

  it('FLUSHALL: a new epoch; subscribers get an unsolicited subscribed with recovered:false and a fresh snapshot', async () => {
    const gateway = await cluster();
    const raw = await rawClient(gateway.wsUrl, [SECONDS]);
    const { events } = sdkClient(gateway.wsUrl, SECONDS);
    await eventually(() => sdkSeqs(events).length >= 3, 'SDK live');
    const [first] = raw.messages.filter(subscribedTo(SECONDS));
    const position = { epoch: first?.epoch ?? '', seq: updatesOf(raw.messages, SECONDS).at(-1)?.seq ?? 0 };
    await redis.client.flushall();

    const fresh = await raw.waitFor((m) => m.type === 'subscribed' && m.channel === SECONDS && m.epoch !== first?.epoch, 30_000);
    expect(fresh).not.toHaveProperty('id');
    expect(fresh).toMatchObject({ recovered: false });
    // The snapshot is whole again: the ingest seeded the history it had lost.
    expect(fresh.type === 'subscribed' ? fresh.snapshot : null).toHaveLength(500);
    const at = raw.messages.indexOf(fresh);
    await raw.waitForCount((m) => raw.messages.indexOf(m) > at && updateOf(SECONDS)(m), 5, 20_000);
    const after = raw.messages.slice(at + 1).filter(updateOf(SECONDS));
    expect(after[0]?.seq).toBe(fresh.type === 'subscribed' ? fresh.seq + 1 : NaN);
    expectConsecutive(after.map((u) => u.seq));

    // The SDK starts over: a snapshot with reset:true, then updates of the new epoch.
    await eventually(() => events.some((e) => e.type === 'snapshot' && e.reset), 'SDK reset');
    const reset = events.findIndex((e) => e.type === 'snapshot' && e.reset);
    const resetEvent = events[reset];
    expect(resetEvent?.type === 'snapshot' ? resetEvent.position.epoch : null).toBe(fresh.type === 'subscribed' ? fresh.epoch : NaN);
    await eventually(() => sdkSeqs(events.slice(reset)).length >= 5, 'SDK updates after the reset');
    expectConsecutive(sdkSeqs(events.slice(reset)));

    // Resuming from the old epoch: not recovered, a fresh snapshot.
    const again = await connectClient(gateway.wsUrl);
    again.send({ op: 'subscribe', id: 3, channels: [SECONDS], resume: { [SECONDS]: position } });
    const reply = await again.waitFor(subscribedTo(SECONDS));
    expect(reply.recovered).toBe(false);
    expect(reply.snapshot?.length).toBe(500);
    await Promise.all([raw.close(), again.close()]);
  }, 90_000);

  it('Redis down for 10 s: clients stay connected and are told stale, /readyz 503, then live again with no gap', async () => {
    const gateway = await cluster();
    const raw = await rawClient(gateway.wsUrl, [TRADES, SECONDS]);
    const trades = sdkClient(gateway.wsUrl, TRADES);
    const candles = sdkClient(gateway.wsUrl, SECONDS);
    await eventually(() => sdkSeqs(candles.events).length >= 3 && sdkSeqs(trades.events).length >= 3, 'SDK live');
    const stoppedAt = performance.now();
    const stoppedAtWall = Date.now();
    redisDown = true;
    await redis.stop();

    const stale = await raw.waitFor((m) => m.type === 'stale', 10_000);
    expect(stale).toMatchObject({ channels: [TRADES, SECONDS], reason: 'broker_unavailable' });
    expect(await readyz(gateway)).toBe(503);
    await eventually(() => trades.sdk.isStale(TRADES) && candles.sdk.isStale(SECONDS), 'SDK stale');
    expect(trades.sdk.state.status).toBe('connected');

    // While Redis is away: a channel the gateway holds is served (and marked stale), another is refused at once.
    const late = await connectClient(gateway.wsUrl);
    late.send({ op: 'subscribe', id: 1, channels: [TRADES, 'quote:MSFT'] });
    const refused = await late.waitFor((m) => m.type === 'error');
    expect(refused).toMatchObject({ code: 'INTERNAL', channel: 'quote:MSFT', id: 1 });
    expect(refused.type === 'error' ? refused.message : '').toMatch(/unreachable/);
    expect(await late.waitFor(subscribedTo(TRADES))).toMatchObject({ recovered: false });
    expect(await late.waitFor((m) => m.type === 'stale')).toMatchObject({ channels: [TRADES] });

    // NOTE: the outage's length is what is tested (a real redis-server stays down for 10 s); nothing to await but time.
    await sleep(Math.max(0, 10_000 - (performance.now() - stoppedAt)));
    expect([raw.ws.readyState, late.ws.readyState]).toEqual([raw.ws.OPEN, late.ws.OPEN]);
    expect(await readyz(gateway)).toBe(503);
    const restartedAt = Date.now();
    await redis.start();
    redisDown = false;

    const live = await raw.waitFor((m) => m.type === 'live', 30_000);
    expect(live).toMatchObject({ channels: [TRADES, SECONDS] });
    // What the ingest held while Redis was away reached the client before `live`: after it, only fresh trades.
    const atLive = raw.messages.indexOf(live);
    const heldTrades = updatesOf(raw.messages.slice(0, atLive), TRADES).filter((u) => u.data.time > stoppedAtWall + 2000);
    expect(heldTrades.length).toBeGreaterThan(20);
    await raw.waitForCount((m) => raw.messages.indexOf(m) > atLive && updateOf(TRADES)(m), 5, 20_000);
    const afterLive = updatesOf(raw.messages.slice(atLive + 1), TRADES);
    expect(afterLive.filter((u) => u.data.time < restartedAt - 500)).toEqual([]);
    expect(await readyz(gateway)).toBe(200);
    await eventually(() => !trades.sdk.isStale(TRADES) && !candles.sdk.isStale(SECONDS), 'SDK live again');
    const count = updatesOf(raw.messages, TRADES).length;
    await raw.waitForCount(updateOf(TRADES), count + 20, 20_000);
    await eventually(() => candles.events.at(-1)?.type === 'update' && sdkSeqs(candles.events).length > 30, 'SDK candles go on');

    const all = updatesOf(raw.messages, TRADES);
    expectConsecutive(all.map((u) => u.seq));
    expectEveryTrade(all.map((u) => u.data.id));
    expectConsecutive(updatesOf(raw.messages, SECONDS).map((u) => u.seq));
    expectConsecutive(sdkSeqs(trades.events));
    expectConsecutive(sdkSeqs(candles.events));
    expect(candles.events.filter((e) => e.type === 'snapshot' && e.reset)).toEqual([]);
    await expectCandlesEqualRest(gateway, candles.events);
    await Promise.all([raw.close(), late.close()]);
  }, 120_000);
});
