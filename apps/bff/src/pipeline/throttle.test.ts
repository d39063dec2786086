import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle';

describe('source throttle', () => {
  it('publishes a quiet channel at once and a busy one once per interval, with its latest value', () => {
    const out: [string, unknown][] = [];
    const t = createThrottle(100, (channel, data) => out.push([channel, data]));
    t.offer('q', 1, 0); // leading edge
    t.offer('q', 2, 10);
    t.offer('q', 3, 50);
    t.flush(60);
    expect(out).toEqual([['q', 1]]);
    t.flush(100); // trailing edge: the latest value
    expect(out).toEqual([['q', 1], ['q', 3]]);
    t.flush(300);
    expect(out).toHaveLength(2); // nothing pending
    t.offer('q', 4, 400);
    expect(out.at(-1)).toEqual(['q', 4]);
  });

  it('keeps channels independent and drops a superseded pending value', () => {
    const out: [string, unknown][] = [];
    const t = createThrottle(100, (channel, data) => out.push([channel, data]));
    t.offer('a', 1, 0);
    t.offer('b', 1, 0);
    t.offer('a', 2, 20);
    t.drop('a');
    t.flush(200);
    expect(out).toEqual([['a', 1], ['b', 1]]);
  });
});
