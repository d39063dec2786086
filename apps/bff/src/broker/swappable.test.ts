import { channel } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { quoteOf, tradeOf } from '../../../../packages/protocol/test/channel-data';
import { forwardBroker } from './forward';
import { createMemoryBroker } from './memory';
import { createSwappableBroker } from './swappable';

describe('broker views', () => {
  it('forward every call to the current target, overrides first', () => {
    const inner = createMemoryBroker({ epoch: 'e' });
    const prepared: string[] = [];
    const view = forwardBroker(() => inner, {
      prepare(channel) {
        prepared.push(channel);
        return inner.prepare(channel);
      },
    });
    const aapl = channel.quote('AAPL');
    view.publish(aapl, quoteOf('AAPL', 1));
    void view.prepare(aapl);
    expect(inner.position(aapl)).toEqual({ epoch: 'e', seq: 1 });
    expect(view.snapshot(aapl)).toEqual(quoteOf('AAPL', 1));
    expect(prepared).toEqual(['quote:AAPL']);
  });

  it('swap to a new epoch with listeners carried over, and detach from the broker they are on', () => {
    let n = 0;
    const broker = createSwappableBroker(() => createMemoryBroker({ epoch: `e${++n}` }));
    const frames: string[] = [];
    const interest: string[] = [];
    broker.onInterest((channel, on) => void interest.push(`${channel} ${on}`));
    const x = channel.trades('X');
    const detach = broker.listen(x, (u) => frames.push(`${u.seq}`));
    broker.publish(x, tradeOf(1));
    broker.swap();
    broker.publish(x, tradeOf(2));
    expect(frames).toEqual(['1', '1']);
    expect(broker.position(x)).toEqual({ epoch: 'e2', seq: 1 });
    detach();
    broker.publish(x, tradeOf(3));
    expect(frames).toEqual(['1', '1']);
    // NOTE: the new broker's channel gains the carried-over listener: interest is told again.
    expect(interest).toEqual(['trades:X true', 'trades:X true', 'trades:X false']);
  });
});
