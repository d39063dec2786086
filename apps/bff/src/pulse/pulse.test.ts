import { CALENDARS, nextChange, statusAt, type MarketId } from '@candlewire/market';
import {
  channel,
  subscribedTo,
  updateOf,
  type Channel,
  type ChannelKind,
  type MarketsData,
  type SubscribedMessage,
} from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server';
import { connectClient, type TestClient } from '../../test/ws-client';

const MARKETS = channel.markets();
const ALERTS = channel.alerts();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subscribes and returns the `subscribed` reply. */
async function subscribe<K extends ChannelKind>(c: TestClient, name: Channel<K>, id: number): Promise<SubscribedMessage<K>> {
  const before = c.messages.length;
  c.send({ op: 'subscribe', id, channels: [name] });
  await c.waitForCount(subscribedTo(name), c.messages.slice(0, before).filter(subscribedTo(name)).length + 1);
  return present(c.messages.filter(subscribedTo(name)).at(-1));
}

/** `value`, failing the test when it is null or undefined. */
function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

/** Unsubscribes and returns the last seq the client saw of `channel` (updates before `unsubscribed` included). */
async function unsubscribe(c: TestClient, name: Channel, id: number, subscribedSeq: number): Promise<number> {
  c.send({ op: 'unsubscribe', id, channels: [name] });
  await c.waitFor((m) => m.type === 'unsubscribed' && m.id === id);
  const seqs = c.messages.filter(updateOf(name)).map((m) => m.seq);
  return Math.max(subscribedSeq, ...seqs);
}

function expectMarketsShape(data: MarketsData): void {
  expect(data.markets.map((m) => m.id)).toEqual(['US', 'CN', 'HK', 'CRYPTO']);
  for (const m of data.markets) {
    expect(Object.keys(m).sort()).toEqual(['id', 'name', 'nextChange', 'nextStatus', 'simulated', 'status', 'timezone']);
    expect(['open', 'closed', 'pre', 'post']).toContain(m.status);
    expect(m.nextStatus === null).toBe(m.nextChange === null);
    expect(m.simulated).toBe(true); // every test server here runs the simulation
    expect(m.timezone).toBe(CALENDARS[m.id as MarketId].timezone);
  }
  const { gainers, losers } = data.movers;
  expect(gainers.length).toBeLessThanOrEqual(5);
  expect(losers.length).toBeLessThanOrEqual(5);
  expect(gainers.length + losers.length).toBeGreaterThan(0);
  for (const m of [...gainers, ...losers]) expect(Object.keys(m).sort()).toEqual(['changePct', 'price', 'symbol']);
  expect(gainers.every((g, i) => g.changePct > 0 && (i === 0 || g.changePct <= (gainers[i - 1]?.changePct ?? Infinity)))).toBe(true);
  expect(losers.every((l, i) => l.changePct < 0 && (i === 0 || l.changePct >= (losers[i - 1]?.changePct ?? -Infinity)))).toBe(true);
  expect(data.connections).toBeGreaterThanOrEqual(1);
}

describe('pulse over a real BFF (simulated sessions always open)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // NOTE: low thresholds, so the simulated market raises alerts within seconds.
    server = await startTestServer({
      SIM_TRADES_PER_SEC: '10',
      ALERT_THRESHOLDS: JSON.stringify({
        '*': { movePct: 0.02, moveWindowSec: 5, cooldownSec: 2, volumeWindowSec: 5, volumeAvgWindows: 4 },
      }),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('markets: a fresh snapshot, then live updates at most once a second with contiguous seq', async () => {
    const c = await connectClient(server.wsUrl);
    const subscribedAt = performance.now();
    const sub = await subscribe(c, MARKETS, 1);
    const snapshot = present(sub.snapshot);
    expectMarketsShape(snapshot);
    expect(snapshot.markets.every((m) => m.status === 'open' && m.nextChange === null && m.nextStatus === null)).toBe(true); // SIM_SESSIONS=always
    expect(snapshot.connections).toBe(1);
    // Top gainer as the quote channel shows it.
    const top = snapshot.movers.gainers[0] ?? snapshot.movers.losers[0];
    const quoteSub = await subscribe(c, channel.quote(top?.symbol ?? ''), 2);
    expect(Math.sign(present(quoteSub.snapshot).changePct)).toBe(Math.sign(top?.changePct ?? 0));

    const other = await connectClient(server.wsUrl);
    const updates = await c.waitForCount(
      updateOf(MARKETS, (d) => d.connections === 2),
      1,
      5000,
    );
    expectMarketsShape(present(updates[0]?.data));
    // Two more ticks after the connection change, then: at most one update a second since subscribing
    // (+1 for the connection change's refresh, +1 for a tick already due), however long that took.
    const seen = c.messages.filter(updateOf(MARKETS)).length;
    await c.waitForCount(updateOf(MARKETS), seen + 2, 5000);
    const elapsedMs = performance.now() - subscribedAt;
    const all = c.messages.filter(updateOf(MARKETS));
    all.forEach((u, i) => expect(u.seq).toBe(sub.seq + 1 + i));
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.length).toBeLessThanOrEqual(Math.floor(elapsedMs / 1000) + 2);
    await other.close();
    await c.close();
  });

  it('alerts: a snapshot list, then alerts in the contract shape from the live trades', async () => {
    const c = await connectClient(server.wsUrl);
    const sub = await subscribe(c, ALERTS, 1);
    expect(Array.isArray(sub.snapshot)).toBe(true);
    const [first] = await c.waitForCount(updateOf(ALERTS), 3, 15_000);
    const alerts = c.messages.filter(updateOf(ALERTS)).map((u) => u.data);
    for (const a of alerts) {
      expect(Object.keys(a).sort()).toEqual(['changePct', 'id', 'kind', 'message', 'symbol', 'time', 'windowSec']);
      expect(['surge', 'plunge', 'volume_spike']).toContain(a.kind);
      expect(a.windowSec).toBe(5);
      expect(Math.abs(a.time - Date.now())).toBeLessThan(20_000);
      if (a.kind === 'surge') expect(a.message).toMatch(new RegExp(`^${a.symbol.replace('.', '\\.')} \\+\\d+\\.\\d+ % in 5 s$`));
      if (a.kind === 'plunge') expect(a.message).toMatch(/ -\d+\.\d+ % in 5 s$/);
      if (a.kind === 'volume_spike') expect(a.message).toMatch(/ volume \d+\.\d× avg in 5 s$/);
    }
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    // A later subscriber's snapshot holds what was published, oldest first, at most 20.
    const late = await connectClient(server.wsUrl);
    const lateSub = await subscribe(late, ALERTS, 1);
    const held = present(lateSub.snapshot);
    expect(held.length).toBeLessThanOrEqual(20);
    expect(held.map((a) => a.id)).toContain(first?.data.id ?? 'none');
    const seen = c.messages.filter(updateOf(ALERTS)).map((u) => u.data.id);
    const common = held.map((a) => a.id).filter((id) => seen.includes(id));
    expect(common.length).toBeGreaterThan(0);
    expect(common).toEqual(seen.filter((id) => common.includes(id))); // same order as published
    await late.close();
    await c.close();
  });

  it('does no work for nobody: nothing is published while no one listens', async () => {
    const c = await connectClient(server.wsUrl);
    const markets = await subscribe(c, MARKETS, 1);
    const alerts = await subscribe(c, ALERTS, 2);
    await c.waitForCount(updateOf(ALERTS), 1, 15_000);
    await c.waitForCount(updateOf(MARKETS), 1, 5000);
    const marketsSeq = await unsubscribe(c, MARKETS, 3, markets.seq);
    const alertsSeq = await unsubscribe(c, ALERTS, 4, alerts.seq);
    await sleep(3000); // while subscribed: ~3 markets updates and several alerts
    const again = await connectClient(server.wsUrl);
    const m2 = await subscribe(again, MARKETS, 1);
    const a2 = await subscribe(again, ALERTS, 2);
    expect(a2.seq).toBe(alertsSeq); // detectors were detached
    expect(m2.seq - marketsSeq).toBeLessThanOrEqual(1); // one refresh for the new subscriber's snapshot
    expect(present(m2.snapshot).connections).toBe(2);
    // …and they come back: live again.
    await again.waitForCount(updateOf(MARKETS), 1, 5000);
    await again.waitForCount(updateOf(ALERTS), 1, 15_000);
    await again.close();
    await c.close();
  });
});

describe('pulse with real sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM_SESSIONS: 'real', SIM_TRADES_PER_SEC: '5' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('markets: statuses and next changes from the calendars', async () => {
    const c = await connectClient(server.wsUrl);
    const before = Date.now();
    const data = present((await subscribe(c, MARKETS, 1)).snapshot);
    const after = Date.now();
    expectMarketsShape(data);
    for (const m of data.markets) {
      const cal = CALENDARS[m.id as MarketId];
      // NOTE: a boundary may pass between our two clocks; one of them agrees.
      const agrees = [before, after].some(
        (t) =>
          statusAt(cal, t) === m.status &&
          (nextChange(cal, t)?.at ?? null) === m.nextChange &&
          (nextChange(cal, t)?.status ?? null) === m.nextStatus,
      );
      expect(agrees, `${m.id} ${m.status} ${m.nextChange}`).toBe(true);
    }
    expect(data.markets.find((m) => m.id === 'CRYPTO')).toMatchObject({ status: 'open', nextChange: null });
    await c.close();
  });
});
