import { channel, type Channel, type ChannelData, type ChannelKind, type ChannelSnapshot, type UpdateMessage } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quoteOf, tradeOf } from '../../protocol/test/channel-data';
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
const Q = channel.quote('AAPL');
const T = channel.trades('AAPL');
const K1M = channel.candles('AAPL', '1m');
const ZZZZ = channel.quote('ZZZZ');
const BTC1M = channel.candles('BTC-USDT', '1m');
const quote = (price: number) => quoteOf('AAPL', price);
const subscribed = <K extends ChannelKind>(
  s: FakeSocket,
  name: Channel<K>,
  epoch: string,
  seq: number,
  snapshot?: ChannelSnapshot[K],
): void => {
  const request = s.ops('subscribe').findLast((f) => f.channels?.includes(name));
  const base = { type: 'subscribed', id: request?.id ?? -1, channel: name, epoch, seq } as const;
  s.receive(snapshot === undefined ? { ...base, recovered: true } : { ...base, recovered: false, snapshot });
};
const update = <K extends ChannelKind>(name: Channel<K>, seq: number, data: ChannelData[K]): UpdateMessage<K> => ({
  type: 'update',
  channel: name,
  seq,
  data,
});
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
    const offA = h.client.subscribe(Q, a.listener);
    const offB = h.client.subscribe(Q, b.listener);
    tick();
    expect(h.socket().ops('subscribe')).toEqual([{ op: 'subscribe', id: expect.any(Number) as number, channels: [Q] }]);
    subscribed(h.socket(), Q, 'e1', 10, quote(1));
    h.socket().receive(update(Q, 11, quote(2)));
    for (const r of [a, b]) {
      expect(r.events).toEqual([
        { type: 'snapshot', channel: Q, snapshot: quote(1), reset: false, position: { epoch: 'e1', seq: 10 } },
        { type: 'update', channel: Q, seq: 11, data: quote(2) },
      ]);
    }
    const late = recorder();
    const offLate = h.client.subscribe(Q, late.listener);
    expect(late.events).toEqual([{ type: 'snapshot', channel: Q, snapshot: quote(2), reset: false, position: { epoch: 'e1', seq: 11 } }]);
    offA();
    offA(); // idempotent
    offB();
    tick();
    expect(h.socket().ops('subscribe')).toHaveLength(1);
    expect(h.socket().ops('unsubscribe')).toEqual([]);
    offLate();
    tick();
    expect(h.socket().ops('unsubscribe')).toEqual([{ op: 'unsubscribe', id: expect.any(Number) as number, channels: [Q] }]);
    h.socket().receive(update(Q, 12, quote(3))); // no listeners: ignored
    expect(late.events).toHaveLength(1);
  });

  it('batches the subscribes of one tick into one message; leaving and re-joining in one tick sends nothing', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe(Q, r.listener);
    h.client.subscribe(T, r.listener);
    const off = h.client.subscribe(K1M, r.listener);
    tick();
    expect(
      h
        .socket()
        .ops('subscribe')
        .map((f) => f.channels),
    ).toEqual([[Q, T, K1M]]);
    subscribed(h.socket(), K1M, 'e1', 1, []);
    off();
    h.client.subscribe(K1M, r.listener);
    tick();
    expect(h.socket().sent.filter((f) => f.op !== 'ping')).toHaveLength(1);
  });

  it('never sends more than half the server message rate; requests held back coalesce into one', () => {
    const h = harness({ pingIntervalMs: 600_000 });
    h.client.start();
    h.socket().welcome({ heartbeatMs: 600_000, limits: { maxSubscriptions: 200, maxMessageBytes: 65_536, maxMessagesPerSecond: 10 } });
    for (let i = 0; i < 20; i++) {
      h.client.subscribe(channel.quote(`S${i}`), () => undefined);
      tick(); // a new tick each: 20 messages wanted
    }
    expect(h.socket().sent).toHaveLength(5); // ping + 4: the bucket holds 5 (half of 10)
    vi.advanceTimersByTime(1000);
    const subscribes = h.socket().ops('subscribe');
    expect(subscribes).toHaveLength(5);
    expect(subscribes.at(-1)?.channels).toHaveLength(16);
    expect(subscribes.flatMap((f) => f.channels)).toEqual(Array.from({ length: 20 }, (_, i) => channel.quote(`S${i}`)));
  });

  it('drops duplicate updates (seq ≤ last) and accepts frames holding an array of messages', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe(T, r.listener);
    tick();
    subscribed(h.socket(), T, 'e1', 10, [tradeOf(1)]);
    h.socket().receive(update(T, 9, tradeOf(0)), update(T, 10, tradeOf(1)), update(T, 11, tradeOf(2)));
    h.socket().receive(update(T, 11, tradeOf(2)), update(T, 12, tradeOf(3)));
    expect(updates(r.events)).toEqual([11, 12]);
    expect(r.events[0]).toMatchObject({ type: 'snapshot', snapshot: [tradeOf(1)] });
  });

  it('drops an update whose data is not of its channel kind, logs why, and counts its seq (no resubscribe)', () => {
    const h = connected();
    const r = recorder();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    h.client.subscribe(T, r.listener);
    tick();
    subscribed(h.socket(), T, 'e1', 10, []);
    h.socket().onmessage?.({ data: JSON.stringify({ type: 'update', channel: T, seq: 11, data: quote(1) }) });
    h.socket().receive(update(T, 12, tradeOf(12)));
    tick();
    expect(updates(r.events)).toEqual([12]);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/dropped a server message of trades:AAPL: data: not a trades update/));
    expect(h.socket().sent.filter((f) => f.op === 'subscribe' || f.op === 'unsubscribe')).toHaveLength(1);
    errors.mockRestore();
  });

  it('on a gap, resubscribes the channel with resume and continues without a snapshot when recovered', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe(T, r.listener);
    tick();
    subscribed(h.socket(), T, 'e1', 10, []);
    h.socket().receive(update(T, 11, tradeOf(11)), update(T, 13, tradeOf(13)), update(T, 14, tradeOf(14)));
    tick();
    const after = h
      .socket()
      .sent.filter((f) => f.op !== 'ping')
      .slice(1);
    expect(after).toEqual([
      { op: 'unsubscribe', id: expect.any(Number) as number, channels: [T] },
      { op: 'subscribe', id: expect.any(Number) as number, channels: [T], resume: { [T]: { epoch: 'e1', seq: 11 } } },
    ]);
    subscribed(h.socket(), T, 'e1', 11);
    h.socket().receive(update(T, 12, tradeOf(12)), update(T, 13, tradeOf(13)));
    expect(updates(r.events)).toEqual([11, 12, 13]);
    expect(r.events.filter((e) => e.type === 'snapshot')).toHaveLength(1);
  });

  it('after a reconnect resumes every channel; recovered:false gives listeners a reset snapshot', () => {
    const h = connected();
    const q = recorder();
    const t = recorder();
    h.client.subscribe(Q, q.listener);
    h.client.subscribe(T, t.listener);
    tick();
    subscribed(h.socket(), Q, 'e1', 5, quote(1));
    subscribed(h.socket(), T, 'e1', 7, []);
    h.socket().receive(update(Q, 6, quote(2)), update(T, 8, tradeOf(8)));
    h.socket().serverClose(1012);
    h.socket().receive(update(Q, 7, quote(3))); // a dead socket is deaf
    vi.runOnlyPendingTimers();
    h.socket().welcome({ heartbeatMs: 600_000 });
    expect(h.socket().ops('subscribe')).toEqual([
      {
        op: 'subscribe',
        id: expect.any(Number) as number,
        channels: [Q, T],
        resume: { [Q]: { epoch: 'e1', seq: 6 }, [T]: { epoch: 'e1', seq: 8 } },
      },
    ]);
    subscribed(h.socket(), Q, 'e2', 3, quote(9));
    subscribed(h.socket(), T, 'e1', 8);
    h.socket().receive(update(Q, 4, quote(10)), update(T, 9, tradeOf(9)));
    expect(q.events.slice(2)).toEqual([
      { type: 'snapshot', channel: Q, snapshot: quote(9), reset: true, position: { epoch: 'e2', seq: 3 } },
      { type: 'update', channel: Q, seq: 4, data: quote(10) },
    ]);
    expect(t.events.map((e) => e.type)).toEqual(['snapshot', 'update', 'update']);
    expect(updates(t.events)).toEqual([8, 9]);
  });

  it('passes a channel error to its listeners and does not retry it until a listener subscribes again', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe(ZZZZ, r.listener);
    h.client.subscribe(Q, () => undefined);
    tick();
    const id = h.socket().ops('subscribe')[0]?.id ?? -1;
    h.socket().receive({ type: 'error', id, code: 'UNKNOWN_SYMBOL', message: 'No instrument ZZZZ', channel: ZZZZ });
    expect(r.events).toEqual([{ type: 'error', channel: ZZZZ, code: 'UNKNOWN_SYMBOL', message: 'No instrument ZZZZ' }]);
    h.socket().serverClose(1006);
    vi.runOnlyPendingTimers();
    h.socket().welcome({ heartbeatMs: 600_000 });
    expect(
      h
        .socket()
        .ops('subscribe')
        .map((f) => f.channels),
    ).toEqual([[Q]]);
    h.client.subscribe(ZZZZ, r.listener);
    tick();
    expect(
      h
        .socket()
        .ops('subscribe')
        .map((f) => f.channels),
    ).toEqual([[Q], [ZZZZ]]);
  });

  it('retries a subscribe the server dropped with RATE_LIMITED', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe(Q, r.listener);
    tick();
    const id = h.socket().ops('subscribe')[0]?.id ?? -1;
    h.socket().receive({ type: 'error', id, code: 'RATE_LIMITED', message: 'slow down' });
    expect(r.events).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(h.socket().ops('subscribe')).toHaveLength(1);
    vi.advanceTimersByTime(2);
    expect(
      h
        .socket()
        .ops('subscribe')
        .map((f) => f.channels),
    ).toEqual([[Q], [Q]]);
  });

  it('tells listeners of INTERNAL and keeps trying every INTERNAL_RETRY_MS until the channel loads', () => {
    const h = connected();
    const r = recorder();
    h.client.subscribe(BTC1M, r.listener);
    tick();
    const first = h.socket().ops('subscribe')[0]?.id ?? -1;
    h.socket().receive({
      type: 'error',
      id: first,
      code: 'INTERNAL',
      message: 'could not load candles:BTC-USDT:1m: venue unreachable',
      channel: BTC1M,
    });
    expect(r.events).toEqual([
      { type: 'error', channel: BTC1M, code: 'INTERNAL', message: 'could not load candles:BTC-USDT:1m: venue unreachable' },
    ]);
    vi.advanceTimersByTime(INTERNAL_RETRY_MS - 1);
    expect(h.socket().ops('subscribe')).toHaveLength(1);
    vi.advanceTimersByTime(2);
    const ops = h.socket().ops('subscribe');
    expect(ops.map((f) => f.channels)).toEqual([[BTC1M], [BTC1M]]);
    h.socket().receive({ type: 'subscribed', id: ops[1]?.id ?? -1, channel: BTC1M, epoch: 'e1', seq: 3, recovered: false, snapshot: [] });
    expect(r.events.at(-1)).toMatchObject({ type: 'snapshot', channel: BTC1M });
  });

  it('subscribes what was asked before the connection came up, in one message after welcome', () => {
    const h = harness({ pingIntervalMs: 600_000 });
    const off = h.client.subscribe(channel.markets(), () => undefined);
    h.client.subscribe(channel.alerts(), () => undefined);
    h.client.subscribe(Q, () => undefined);
    tick();
    off();
    tick();
    h.client.start();
    h.socket().welcome();
    expect(
      h
        .socket()
        .ops('subscribe')
        .map((f) => f.channels),
    ).toEqual([[channel.alerts(), Q]]);
  });
});
