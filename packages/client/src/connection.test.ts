import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, RECONNECT_BASE_MS, RECONNECT_CAP_MS } from './client';
import { fakeNetwork, harness } from '../test/fake-socket';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('is full jitter over min(cap, base·2^n)', () => {
    expect(RECONNECT_BASE_MS).toBe(500);
    expect(RECONNECT_CAP_MS).toBe(20_000);
    expect([0, 1, 2, 5, 6, 10].map((n) => backoffDelay(n, () => 1))).toEqual([500, 1000, 2000, 16_000, 20_000, 20_000]);
    expect(backoffDelay(3, () => 0.25)).toBe(1000);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });
});

describe('connection state machine', () => {
  it('goes connecting → connected → reconnecting → connecting → connected → offline, with {newState, oldState}', () => {
    const h = harness();
    expect(h.client.state).toEqual({ status: 'offline', reason: 'stopped' });
    h.client.start();
    h.client.start(); // idempotent
    expect(h.sockets).toHaveLength(1);
    expect(h.socket().url).toBe('ws://test/ws');
    h.socket().welcome({ sessionId: 'a' });
    h.socket().serverClose(1012);
    expect(h.client.state).toEqual({ status: 'reconnecting', attempt: 1, retryInMs: 250, retryAt: 1_000_250, lastCloseCode: 1012 });
    vi.advanceTimersByTime(249);
    expect(h.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(h.sockets).toHaveLength(2);
    h.socket().welcome({ sessionId: 'b' });
    h.client.stop();
    expect(h.socket().closedWith?.code).toBe(1000);
    const statuses = h.changes.map((c) => [c.oldState.status, c.newState.status]);
    expect(statuses).toEqual([
      ['offline', 'connecting'],
      ['connecting', 'connected'],
      ['connected', 'reconnecting'],
      ['reconnecting', 'connecting'],
      ['connecting', 'connected'],
      ['connected', 'offline'],
    ]);
    expect(h.changes[1]?.newState).toEqual({ status: 'connected', sessionId: 'a', since: 1_000_000, latencyMs: null });
    expect(h.changes[3]?.newState).toEqual({ status: 'connecting', attempt: 1 });
    expect(h.changes.at(-1)?.newState).toEqual({ status: 'offline', reason: 'stopped' });
    for (let i = 1; i < h.changes.length; i++) expect(h.changes[i]?.oldState).toBe(h.changes[i - 1]?.newState);
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(2); // stopped: no reconnect
  });

  it('backs off with full jitter up to the 20 s cap, and resets the attempt counter after welcome', () => {
    const h = harness({ random: () => 1 });
    h.client.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      h.socket().serverClose(1006);
      const s = h.client.state;
      if (s.status !== 'reconnecting') throw new Error(`expected reconnecting, got ${s.status}`);
      expect(s.attempt).toBe(i + 1);
      delays.push(s.retryInMs);
      vi.advanceTimersByTime(s.retryInMs);
      expect(h.client.state).toEqual({ status: 'connecting', attempt: i + 1 });
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 20_000, 20_000]);
    h.socket().welcome();
    h.socket().serverClose(1013);
    expect(h.client.state).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: 500, lastCloseCode: 1013 });
  });

  it('keeps backing off when the server closes with 1008 right after each welcome', () => {
    const h = harness({ random: () => 1 });
    h.client.start();
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.socket().welcome();
      h.socket().serverClose(1008);
      const s = h.client.state;
      if (s.status === 'reconnecting') delays.push(s.retryInMs);
      vi.runOnlyPendingTimers();
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  it('makes no attempt while the browser is offline and reconnects at once when it is back', () => {
    const network = fakeNetwork();
    const h = harness({ networkEvents: network });
    h.client.start();
    h.socket().welcome();
    network.go(false);
    expect(h.client.state).toEqual({ status: 'offline', reason: 'browser-offline' });
    expect(h.socket().closedWith).not.toBeNull();
    vi.advanceTimersByTime(120_000);
    expect(h.sockets).toHaveLength(1);
    network.go(true);
    expect(h.sockets).toHaveLength(2); // no timer needed
    expect(h.client.state.status).toBe('connecting');
    h.socket().welcome();
    expect(h.client.state.status).toBe('connected');
  });

  it('starts offline when navigator.onLine is false, and a close while offline does not retry', () => {
    const network = fakeNetwork();
    network.navigator.onLine = false;
    const h = harness({ networkEvents: network });
    h.client.start();
    expect(h.client.state).toEqual({ status: 'offline', reason: 'browser-offline' });
    expect(h.sockets).toHaveLength(0);
    network.go(true);
    h.socket().welcome();
    network.navigator.onLine = false; // the close arrives before the offline event
    h.socket().serverClose(1006);
    expect(h.client.state).toEqual({ status: 'offline', reason: 'browser-offline' });
    vi.advanceTimersByTime(60_000);
    expect(h.sockets).toHaveLength(1);
    h.client.stop();
    network.go(true);
    expect(h.sockets).toHaveLength(1); // stopped clients ignore the network
  });

  it('declares the socket dead after 2 × heartbeatMs of silence', () => {
    const h = harness({ pingIntervalMs: 60_000 });
    h.client.start();
    h.socket().welcome({ heartbeatMs: 1000 });
    vi.advanceTimersByTime(1500);
    h.socket().receive({ type: 'heartbeat', serverTime: 0 });
    expect(h.client.lastMessageAt()).toBe(1_001_500);
    vi.advanceTimersByTime(1999);
    expect(h.client.state.status).toBe('connected');
    vi.advanceTimersByTime(1);
    expect(h.client.state).toMatchObject({ status: 'reconnecting', attempt: 1, lastCloseCode: null });
    expect(h.sockets[0]?.closedWith?.code).toBe(4000);
  });

  it('measures ping RTT into latencyMs: once after welcome, then every pingIntervalMs', () => {
    const h = harness({ pingIntervalMs: 5000 });
    h.client.start();
    h.socket().welcome({ heartbeatMs: 15_000 });
    const [first] = h.socket().ops('ping');
    expect(first).toEqual({ op: 'ping', id: expect.any(Number) as number });
    vi.advanceTimersByTime(30);
    h.socket().receive({ type: 'pong', id: first?.id ?? -1, serverTime: 0 });
    expect(h.client.state).toMatchObject({ status: 'connected', latencyMs: 30 });
    const changes = h.changes.length;
    vi.advanceTimersByTime(4970);
    const second = h.socket().ops('ping')[1];
    vi.advanceTimersByTime(30);
    h.socket().receive({ type: 'pong', id: second?.id ?? -1, serverTime: 0 });
    expect(h.changes).toHaveLength(changes); // same latency: no state change
    h.socket().receive({ type: 'pong', id: 12345, serverTime: 0 }); // unknown id: ignored
    expect(h.changes).toHaveLength(changes);
    vi.advanceTimersByTime(4970);
    const third = h.socket().ops('ping')[2];
    vi.advanceTimersByTime(45);
    h.socket().receive({ type: 'pong', id: third?.id ?? -1, serverTime: 0 });
    expect(h.changes.at(-1)).toMatchObject({ oldState: { latencyMs: 30 }, newState: { latencyMs: 45 } });
  });
});
