import type { ServerMessage } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { harness, recorder, type FakeSocket, type Harness } from '../test/fake-socket';
import { INTERNAL_RETRY_MS } from './channels';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets the flush timer run (Node, and fake timers, make setTimeout 0 wait 1 ms). */
const tick = (): void => void vi.advanceTimersByTime(1);
const quote = (price: number): { symbol: string; price: number } => ({ symbol: 'AAPL', price });
const subscribed = (s: FakeSocket, channel: string, epoch: string, seq: number, snapshot?: unknown): void => {
  const request = s.ops('subscribe').findLast((f) => f.channels?.includes(channel));
  const base = { type: 'subscribed', id: request?.id ?? -1, channel, epoch, seq } as const;
  s.receive(snapshot === undefined ? { ...base, recovered: true } : { ...base, recovered: false, snapshot });
};
const update = (channel: string, seq: number, data: unknown): ServerMessage => ({ type: 'update', channel, seq, data });
const updates = (events: { type: string }[]): number[] =>
  events.flatMap((e) => ('seq' in e && e.type === 'update' && typeof e.seq === 'number' ? [e.seq] : []));

/** A started, welcomed client. */
function connected(): Harness {
  const h = harness({ pingIntervalMs: 600_000 });
  h.client.start();
  h.socket().welcome({ heartbeatMs: 600_000 });
  return h;
}

describe('channels', () => {
  it('ref-counts: two listeners = one subscribe, a late listener gets the snapshot, the last leaving unsubscribes', () => {
    const h = connected();
    const a = recorder();
    const b = recorder();
    const offA = h.client.subscribe('quote:AAPL', a.listener);
    const offB = h.client.subscribe('quote:AAPL', b.listener);
    tick();
    expect(h.socket().ops('subscribe')).toEqual([{ op: 'subscribe', id: expect.any(Number) as number, channels: ['quote:AAPL'] }]);
    subscribed(h.socket(), 'quote:AAPL', 'e1', 10, quote(1));
    h.socket().receive(update('quote:AAPL', 11, quote(2)));
    for (const r of [a, b]) {
      expect(r.events).toEqual([
        { type: 'snapshot', channel: 'quote:AAPL', snapshot: quote(1), reset: false, position: { epoch: 'e1', seq: 10 } },
        { type: 'update', channel: 'quote:AAPL', seq: 11, data: quote(2) },
      ]);
    }
    const late = recorder();
    const offLate = h.client.subscribe('quote:AAPL', late.listener);
    expect(late.events).toEqual([{ type: 'snapshot', channel: 'quote:AAPL', snapshot: quote(2), reset: false, position: { epoch: 'e1', seq: 11 } }]);
    offA();
    offA(); // idempotent
    offB();
    tick();
    expect(h.socket().ops('subscribe')).toHaveLength(1);
    expect(h.socket().ops('unsubscribe')).toEqual([]);
    offLate();
    tick();
    expect(h.socket().ops('unsubscribe')).toEqual([{ op: 'unsubscribe', id: expect.any(Number) as number, channels: ['quote:AAPL'] }]);
    h.socket().receive(update('quote:AAPL', 12, quote(3))); // no listeners: ignored
    expect(late.events).toHaveLength(1);
  });

  it('batches the subscribes of one tick into one message; leaving and re-joining in one tick sends nothing', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe('quote:AAPL', r.listener);
    h.client.subscribe('trades:AAPL', r.listener);
    const off = h.client.subscribe('candles:AAPL:1m', r.listener);
    tick();
    expect(h.socket().ops('subscribe').map((f) => f.channels)).toEqual([['quote:AAPL', 'trades:AAPL', 'candles:AAPL:1m']]);
    subscribed(h.socket(), 'candles:AAPL:1m', 'e1', 1, []);
    off();
    h.client.subscribe('candles:AAPL:1m', r.listener);
    tick();
    expect(h.socket().sent.filter((f) => f.op !== 'ping')).toHaveLength(1);
  });

  it('never sends more than half the server message rate; requests held back coalesce into one', () => {
    const h = harness({ pingIntervalMs: 600_000 });
    h.client.start();
    h.socket().welcome({ heartbeatMs: 600_000, limits: { maxSubscriptions: 200, maxMessageBytes: 65_536, maxMessagesPerSecond: 10 } });
    for (let i = 0; i < 20; i++) {
      h.client.subscribe(`quote:S${i}`, () => undefined);
      tick(); // a new tick each: 20 messages wanted
    }
    expect(h.socket().sent).toHaveLength(5); // ping + 4: the bucket holds 5 (half of 10)
    vi.advanceTimersByTime(1000);
    const subscribes = h.socket().ops('subscribe');
    expect(subscribes).toHaveLength(5);
    expect(subscribes.at(-1)?.channels).toHaveLength(16);
    expect(subscribes.flatMap((f) => f.channels)).toEqual(Array.from({ length: 20 }, (_, i) => `quote:S${i}`));
  });

  it('drops duplicate updates (seq ≤ last) and accepts frames holding an array of messages', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe('trades:AAPL', r.listener);
    tick();
    subscribed(h.socket(), 'trades:AAPL', 'e1', 10, [{ id: 1 }]);
    h.socket().receive(update('trades:AAPL', 9, { id: 0 }), update('trades:AAPL', 10, { id: 1 }), update('trades:AAPL', 11, { id: 2 }));
    h.socket().receive(update('trades:AAPL', 11, { id: 2 }), update('trades:AAPL', 12, { id: 3 }));
    expect(updates(r.events)).toEqual([11, 12]);
    expect(r.events[0]).toMatchObject({ type: 'snapshot', snapshot: [{ id: 1 }] });
  });

  it('on a gap, resubscribes the channel with resume and continues without a snapshot when recovered', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe('trades:AAPL', r.listener);
    tick();
    subscribed(h.socket(), 'trades:AAPL', 'e1', 10, []);
    h.socket().receive(update('trades:AAPL', 11, { id: 11 }), update('trades:AAPL', 13, { id: 13 }), update('trades:AAPL', 14, { id: 14 }));
    tick();
    const after = h.socket().sent.filter((f) => f.op !== 'ping').slice(1);
    expect(after).toEqual([
      { op: 'unsubscribe', id: expect.any(Number) as number, channels: ['trades:AAPL'] },
      { op: 'subscribe', id: expect.any(Number) as number, channels: ['trades:AAPL'], resume: { 'trades:AAPL': { epoch: 'e1', seq: 11 } } },
    ]);
    subscribed(h.socket(), 'trades:AAPL', 'e1', 11);
    h.socket().receive(update('trades:AAPL', 12, { id: 12 }), update('trades:AAPL', 13, { id: 13 }));
    expect(updates(r.events)).toEqual([11, 12, 13]);
    expect(r.events.filter((e) => e.type === 'snapshot')).toHaveLength(1);
  });

  it('after a reconnect resumes every channel; recovered:false gives listeners a reset snapshot', () => {
    const h = connected();
    const q = recorder();
    const t = recorder();
    h.client.subscribe('quote:AAPL', q.listener);
    h.client.subscribe('trades:AAPL', t.listener);
    tick();
    subscribed(h.socket(), 'quote:AAPL', 'e1', 5, quote(1));
    subscribed(h.socket(), 'trades:AAPL', 'e1', 7, []);
    h.socket().receive(update('quote:AAPL', 6, quote(2)), update('trades:AAPL', 8, { id: 8 }));
    h.socket().serverClose(1012);
    h.socket().receive(update('quote:AAPL', 7, quote(3))); // a dead socket is deaf
    vi.runOnlyPendingTimers();
    h.socket().welcome({ heartbeatMs: 600_000 });
    expect(h.socket().ops('subscribe')).toEqual([
      {
        op: 'subscribe', id: expect.any(Number) as number, channels: ['quote:AAPL', 'trades:AAPL'],
        resume: { 'quote:AAPL': { epoch: 'e1', seq: 6 }, 'trades:AAPL': { epoch: 'e1', seq: 8 } },
      },
    ]);
    subscribed(h.socket(), 'quote:AAPL', 'e2', 3, quote(9));
    subscribed(h.socket(), 'trades:AAPL', 'e1', 8);
    h.socket().receive(update('quote:AAPL', 4, quote(10)), update('trades:AAPL', 9, { id: 9 }));
    expect(q.events.slice(2)).toEqual([
      { type: 'snapshot', channel: 'quote:AAPL', snapshot: quote(9), reset: true, position: { epoch: 'e2', seq: 3 } },
      { type: 'update', channel: 'quote:AAPL', seq: 4, data: quote(10) },
    ]);
    expect(t.events.map((e) => e.type)).toEqual(['snapshot', 'update', 'update']);
    expect(updates(t.events)).toEqual([8, 9]);
  });

  it('passes a channel error to its listeners and does not retry it until a listener subscribes again', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe('quote:ZZZZ', r.listener);
    h.client.subscribe('quote:AAPL', () => undefined);
    tick();
    const id = h.socket().ops('subscribe')[0]?.id ?? -1;
    h.socket().receive({ type: 'error', id, code: 'UNKNOWN_SYMBOL', message: 'No instrument ZZZZ', channel: 'quote:ZZZZ' });
    expect(r.events).toEqual([{ type: 'error', channel: 'quote:ZZZZ', code: 'UNKNOWN_SYMBOL', message: 'No instrument ZZZZ' }]);
    h.socket().serverClose(1006);
    vi.runOnlyPendingTimers();
    h.socket().welcome({ heartbeatMs: 600_000 });
    expect(h.socket().ops('subscribe').map((f) => f.channels)).toEqual([['quote:AAPL']]);
    h.client.subscribe('quote:ZZZZ', r.listener);
    tick();
    expect(h.socket().ops('subscribe').map((f) => f.channels)).toEqual([['quote:AAPL'], ['quote:ZZZZ']]);
  });

  it('retries a subscribe the server dropped with RATE_LIMITED', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe('quote:AAPL', r.listener);
    tick();
    const id = h.socket().ops('subscribe')[0]?.id ?? -1;
    h.socket().receive({ type: 'error', id, code: 'RATE_LIMITED', message: 'slow down' });
    expect(r.events).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(h.socket().ops('subscribe')).toHaveLength(1);
    vi.advanceTimersByTime(2);
    expect(h.socket().ops('subscribe').map((f) => f.channels)).toEqual([['quote:AAPL'], ['quote:AAPL']]);
  });

  it('tells listeners of INTERNAL and keeps trying every INTERNAL_RETRY_MS until the channel loads', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe('candles:BTC-USDT:1m', r.listener);
    tick();
    const first = h.socket().ops('subscribe')[0]?.id ?? -1;
    h.socket().receive({ type: 'error', id: first, code: 'INTERNAL', message: 'could not load candles:BTC-USDT:1m: venue unreachable', channel: 'candles:BTC-USDT:1m' });
    expect(r.events).toEqual([{ type: 'error', channel: 'candles:BTC-USDT:1m', code: 'INTERNAL', message: 'could not load candles:BTC-USDT:1m: venue unreachable' }]);
    vi.advanceTimersByTime(INTERNAL_RETRY_MS - 1);
    expect(h.socket().ops('subscribe')).toHaveLength(1);
    vi.advanceTimersByTime(2);
    const ops = h.socket().ops('subscribe');
    expect(ops.map((f) => f.channels)).toEqual([['candles:BTC-USDT:1m'], ['candles:BTC-USDT:1m']]);
    h.socket().receive({ type: 'subscribed', id: ops[1]?.id ?? -1, channel: 'candles:BTC-USDT:1m', epoch: 'e1', seq: 3, recovered: false, snapshot: [] });
    expect(r.events.at(-1)).toMatchObject({ type: 'snapshot', channel: 'candles:BTC-USDT:1m' });
  });

  it('subscribes what was asked before the connection came up, in one message after welcome', () => {
    const h = harness({ pingIntervalMs: 600_000 });
    const off = h.client.subscribe('markets', () => undefined);
    h.client.subscribe('alerts', () => undefined);
    h.client.subscribe('quote:AAPL', () => undefined);
    tick();
    off();
    tick();
    h.client.start();
    h.socket().welcome();
    expect(h.socket().ops('subscribe').map((f) => f.channels)).toEqual([['alerts', 'quote:AAPL']]);
  });
});
