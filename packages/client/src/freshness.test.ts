import { channel, type Channel } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quoteOf } from '../../protocol/test/channel-data';
import { harness, recorder, type Harness } from '../test/fake-socket';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const tick = (): void => void vi.advanceTimersByTime(1);
const Q = channel.quote('AAPL');
const T = channel.trades('AAPL');

/** A started client that has its welcome (no pings or heartbeats within a test). */
function welcomed(): Harness {
  const h = harness({ pingIntervalMs: 600_000 });
  h.client.start();
  h.socket().welcome({ heartbeatMs: 600_000 });
  return h;
}

/** A welcomed client with `Q` live at epoch e1, seq 10. */
function liveOnQuote(): Harness & { events: ReturnType<typeof recorder>['events'] } {
  const h = welcomed();
  const r = recorder();
  h.client.subscribe(Q, r.listener);
  tick();
  const id = h.socket().ops('subscribe').at(-1)?.id ?? -1;
  h.socket().receive({ type: 'subscribed', id, channel: Q, epoch: 'e1', seq: 10, recovered: false, snapshot: quoteOf('AAPL', 1) });
  return { ...h, events: r.events };
}

describe('gateway notices', () => {
  it('an unsolicited subscribed (a new epoch) resets the channel: a snapshot with reset:true, then its updates', () => {
    const h = liveOnQuote();
    h.socket().receive({ type: 'subscribed', channel: Q, epoch: 'e2', seq: 3, recovered: false, snapshot: quoteOf('AAPL', 7) });
    h.socket().receive({ type: 'update', channel: Q, seq: 4, data: quoteOf('AAPL', 8) });
    expect(h.events.map((e) => e.type)).toEqual(['snapshot', 'snapshot', 'update']);
    expect(h.events[1]).toMatchObject({ reset: true, position: { epoch: 'e2', seq: 3 }, snapshot: { price: 7 } });
    expect(h.events[2]).toMatchObject({ seq: 4, data: { price: 8 } });
    // A reconnect resumes from the new position.
    h.socket().serverClose(1012);
    vi.runOnlyPendingTimers();
    h.socket().welcome({ heartbeatMs: 600_000 });
    expect(h.socket().ops('subscribe').at(-1)?.resume).toEqual({ [Q]: { epoch: 'e2', seq: 4 } });
  });

  it('an unsolicited subscribed for a channel not live (still pending) is left to the request it answers', () => {
    const h = welcomed();
    const r = recorder();
    h.client.subscribe(T, r.listener);
    tick();
    h.socket().receive({ type: 'subscribed', channel: T, epoch: 'e2', seq: 3, recovered: false, snapshot: [] });
    expect(r.events).toEqual([]);
  });

  it('stale and live mark channels, without touching the connection state; a lost socket clears them', () => {
    const h = liveOnQuote();
    const seen: ReadonlySet<Channel>[] = [];
    h.client.onStaleChange((stale) => seen.push(stale));
    h.socket().receive({ type: 'stale', channels: [Q, T], reason: 'broker_unavailable', serverTime: 5 });
    expect(h.client.isStale(Q)).toBe(true);
    expect([...h.client.staleChannels()]).toEqual([Q, T]);
    expect(h.client.state.status).toBe('connected');
    h.socket().receive({ type: 'live', channels: [T], serverTime: 6 });
    expect([...h.client.staleChannels()]).toEqual([Q]);
    h.socket().receive({ type: 'stale', channels: [Q], reason: 'broker_unavailable', serverTime: 7 }); // no change, no event
    expect(seen.map((s) => [...s])).toEqual([[Q, T], [Q]]);
    h.socket().serverClose(1012);
    expect(h.client.isStale(Q)).toBe(false);
    expect(seen.at(-1)?.size).toBe(0);
    expect(h.events.map((e) => e.type)).toEqual(['snapshot']); // channel listeners hear nothing of it
  });
});
