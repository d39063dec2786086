import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server';
import { createClient } from '@candlewire/client';
import { createNodeSocket } from '@candlewire/client/node';
import { fakeNetwork } from '../../../../packages/client/test/fake-socket';
import type { CandlewireClient, ChannelEvent, ClientOptions, StateChange } from '@candlewire/client';
import { channel, type Channel } from '@candlewire/protocol';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

/** A started Node client recording its state changes and the events of each channel. */
function open(url: string, channels: Channel[], options: Partial<ClientOptions> = {}) {
  const client: CandlewireClient = createClient({ url, createSocket: createNodeSocket, random: () => 0.2, ...options });
  const changes: StateChange[] = [];
  const events = new Map<Channel, ChannelEvent[]>(channels.map((ch) => [ch, []]));
  client.onStateChange((c) => changes.push(c));
  client.start();
  for (const ch of channels) client.subscribe(ch, (e) => events.get(ch)?.push(e));
  const of = (ch: Channel): ChannelEvent[] => events.get(ch) ?? [];
  const updates = (ch: Channel) => of(ch).flatMap((e) => (e.type === 'update' ? [e] : []));
  return { client, changes, of, updates };
}

/** Status transitions (latency-only changes left out). */
const statuses = (changes: StateChange[]): string[] =>
  changes.filter((c) => c.newState.status !== c.oldState.status).map((c) => c.newState.status);

/** Asserts the events of one channel: a snapshot, then updates with seq rising by exactly 1. */
function expectContiguous(events: ChannelEvent[]): void {
  const [first, ...rest] = events;
  if (first?.type !== 'snapshot') throw new Error(`expected a snapshot first, got ${first?.type}`);
  let seq = first.position.seq;
  for (const e of rest) {
    expect(e.type).toBe('update');
    if (e.type === 'update') expect(e.seq).toBe(++seq);
  }
}

describe('client against a real BFF', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM_TRADES_PER_SEC: '30', HEARTBEAT_MS: '1000' });
  });
  afterAll(() => server.close());

  it('subscribes: a snapshot per channel, then contiguous updates; a late listener gets the snapshot', async () => {
    const channels = [channel.trades('BTC-USDT'), channel.quote('BTC-USDT'), channel.candles('BTC-USDT', '1m')];
    const c = open(server.wsUrl, channels);
    await until(() => c.updates(channel.trades('BTC-USDT')).length >= 20 && c.updates(channel.quote('BTC-USDT')).length >= 3);
    expect(c.client.state).toMatchObject({ status: 'connected' });
    for (const ch of channels) expectContiguous(c.of(ch));
    const candles = c.of(channel.candles('BTC-USDT', '1m'))[0];
    expect(candles?.type === 'snapshot' && Array.isArray(candles.snapshot) && candles.snapshot.length > 100).toBe(true);
    const late: ChannelEvent[] = [];
    c.client.subscribe(channel.trades('BTC-USDT'), (e) => late.push(e));
    expect(late).toMatchObject([{ type: 'snapshot', reset: false, channel: channel.trades('BTC-USDT') }]);
    await until(() => c.client.state.status === 'connected' && c.client.state.latencyMs !== null);
    c.client.stop();
  });

  it('resumes after a drop with recovered:true: no gap, no duplicate, same data as a client that never dropped', async () => {
    const channels = [channel.trades('ETH-USDT'), channel.quote('ETH-USDT'), channel.candles('ETH-USDT', '1s')];
    const steady = open(server.wsUrl, channels);
    await until(() => steady.updates(channel.trades('ETH-USDT')).length >= 1);
    const network = fakeNetwork();
    const dropper = open(server.wsUrl, channels, { networkEvents: network });
    await until(() => dropper.updates(channel.trades('ETH-USDT')).length >= 10);
    network.go(false);
    expect(dropper.client.state).toEqual({ status: 'offline', reason: 'browser-offline' });
    // The streams move on while it is away: the steady client sees them pass the dropper's positions.
    const away = new Map(channels.map((ch) => [ch, dropper.updates(ch).at(-1)?.seq ?? 0]));
    await until(() =>
      channels.every((ch) => (steady.updates(ch).at(-1)?.seq ?? 0) >= (away.get(ch) ?? 0) + (ch.startsWith('trades') ? 20 : 3)),
    );
    network.go(true);
    await until(() => dropper.client.state.status === 'connected');
    const before = dropper.updates(channel.trades('ETH-USDT')).length;
    await until(() => dropper.updates(channel.trades('ETH-USDT')).length >= before + 60);
    // The steady client has everything the resumed one has, so the two compare seq for seq.
    await until(() => channels.every((ch) => (steady.updates(ch).at(-1)?.seq ?? 0) >= (dropper.updates(ch).at(-1)?.seq ?? 0)));
    for (const ch of channels) {
      expectContiguous(dropper.of(ch)); // one snapshot (no reset), then every update once, in order
      const reference = new Map(steady.updates(ch).map((u) => [u.seq, JSON.stringify(u.data)]));
      const overlap = dropper.updates(ch).filter((u) => reference.has(u.seq));
      expect(overlap.length).toBeGreaterThan(ch.startsWith('trades') ? 50 : 3);
      for (const u of overlap) expect(JSON.stringify(u.data)).toBe(reference.get(u.seq));
    }
    expect(statuses(dropper.changes)).toEqual(['connecting', 'connected', 'offline', 'connecting', 'connected']);
    steady.client.stop();
    dropper.client.stop();
  });
});

describe('client across a server restart', () => {
  it('reconnects (reconnecting → connected) to a new server on the same port and gets reset snapshots', async () => {
    const first = await startTestServer({ SIM_TRADES_PER_SEC: '30' });
    const port = new URL(first.url).port;
    const channels = [channel.trades('AAPL'), channel.quote('AAPL')];
    const c = open(first.wsUrl, channels);
    await until(() => c.updates(channel.trades('AAPL')).length >= 3);
    const head = c.of(channel.trades('AAPL'))[0];
    const epoch = head?.type === 'snapshot' ? head.position.epoch : '';
    await first.close();
    await until(() => c.client.state.status === 'reconnecting');
    // The server's goodbye is 1012; attempts while nothing listens on the port then fail with 1006.
    expect(c.changes.find((x) => x.newState.status === 'reconnecting')?.newState).toMatchObject({ lastCloseCode: 1012 });
    const second = await startTestServer({ SIM_TRADES_PER_SEC: '30', PORT: port });
    try {
      await until(() => c.client.state.status === 'connected');
      await until(() => channels.every((ch) => c.of(ch).some((e) => e.type === 'snapshot' && e.reset)));
      for (const ch of channels) {
        const reset = c.of(ch).find((e) => e.type === 'snapshot' && e.reset);
        expect(reset?.type === 'snapshot' && reset.position.epoch).not.toBe(epoch);
      }
      await until(() => c.updates(channel.trades('AAPL')).length >= 10);
      const seen = statuses(c.changes);
      expect(seen.slice(0, 3)).toEqual(['connecting', 'connected', 'reconnecting']);
      expect(seen.at(-1)).toBe('connected');
      c.client.stop();
    } finally {
      await second.close();
    }
  });
});
