import { channel } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quoteOf } from '../../protocol/test/channel-data';
import { harness, recorder } from '../test/fake-socket';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('several gateways', () => {
  it('starts on a random gateway and moves to the next one when its socket is lost', () => {
    const h = harness({ url: ['ws://a/ws', 'ws://b/ws', 'ws://c/ws'], random: () => 0.5 });
    h.client.start();
    expect(h.socket().url).toBe('ws://b/ws');
    h.socket().welcome({ sessionId: 's1' });
    h.socket().serverClose(1006);
    vi.runOnlyPendingTimers();
    expect(h.socket().url).toBe('ws://c/ws');
    h.socket().serverClose(1006); // refused before welcome: next again
    vi.runOnlyPendingTimers();
    expect(h.socket().url).toBe('ws://a/ws');
  });

  it('resumes its channels on the other gateway with the positions it had', () => {
    const h = harness({ url: ['ws://a/ws', 'ws://b/ws'], random: () => 0 });
    const r = recorder();
    const aapl = channel.quote('AAPL');
    h.client.subscribe(aapl, r.listener);
    h.client.start();
    const first = h.socket();
    expect(first.url).toBe('ws://a/ws');
    first.welcome({ sessionId: 's1' });
    const sub = first.ops('subscribe').at(-1);
    first.receive({ type: 'subscribed', id: sub?.id ?? 0, channel: aapl, epoch: 'e1', seq: 4, recovered: false, snapshot: null });
    first.receive({ type: 'update', channel: aapl, seq: 5, data: quoteOf('AAPL', 1) });
    first.serverClose(1006);
    vi.runOnlyPendingTimers();
    const second = h.socket();
    expect(second.url).toBe('ws://b/ws');
    second.welcome({ sessionId: 's2' });
    expect(second.ops('subscribe').at(-1)).toEqual({
      op: 'subscribe',
      id: expect.any(Number) as number,
      channels: ['quote:AAPL'],
      resume: { 'quote:AAPL': { epoch: 'e1', seq: 5 } },
    });
  });
});
