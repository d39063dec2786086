import { channel } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { quoteOf } from '../../../../packages/protocol/test/channel-data';
import { createThrottle } from './throttle';

const [q, a, b] = [channel.quote('Q'), channel.quote('A'), channel.quote('B')];
const at = (price: number) => quoteOf('Q', price);

describe('source throttle', () => {
  it('publishes a quiet channel at once and a busy one once per interval, with its latest value', () => {
    const out: [string, unknown][] = [];
    const t = createThrottle(100, (channel, data) => out.push([channel, data]));
    t.offer(q, at(1), 0); // leading edge
    t.offer(q, at(2), 10);
    t.offer(q, at(3), 50);
    t.flush(60);
    expect(out).toEqual([[q, at(1)]]);
    t.flush(100); // trailing edge: the latest value
    expect(out).toEqual([
      [q, at(1)],
      [q, at(3)],
    ]);
    t.flush(300);
    expect(out).toHaveLength(2); // nothing pending
    t.offer(q, at(4), 400);
    expect(out.at(-1)).toEqual([q, at(4)]);
  });

  it('keeps channels independent and drops a superseded pending value', () => {
    const out: [string, unknown][] = [];
    const t = createThrottle(100, (channel, data) => out.push([channel, data]));
    t.offer(a, at(1), 0);
    t.offer(b, at(1), 0);
    t.offer(a, at(2), 20);
    t.drop(a);
    t.flush(200);
    expect(out).toEqual([
      [a, at(1)],
      [b, at(1)],
    ]);
  });
});
