import { afterEach, describe, expect, it, vi } from 'vitest';
import { drainInBatches } from './drain';

describe('drainInBatches', () => {
  afterEach(() => void vi.useRealTimers());

  it('closes in ten evenly spaced batches over the spread', async () => {
    vi.useFakeTimers({ now: 0 });
    const conns = Array.from({ length: 95 }, () => ({ closed: false }));
    const closedAt: number[] = [];
    const done = drainInBatches(
      conns,
      (c) => {
        c.closed = true;
        closedAt.push(Date.now());
      },
      { spreadMs: 900 },
    );
    await vi.runAllTimersAsync();
    await done;
    expect(closedAt).toHaveLength(95);
    const perInstant = new Map<number, number>();
    for (const t of closedAt) perInstant.set(t, (perInstant.get(t) ?? 0) + 1);
    expect([...perInstant.keys()]).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(Math.max(...perInstant.values())).toBe(10);
  });

  it('closes everyone at once with no spread, and skips connections already closed', async () => {
    const conns = [{ closed: false }, { closed: true }, { closed: false }];
    const closed: number[] = [];
    await drainInBatches(conns, (c) => closed.push(conns.indexOf(c)), { spreadMs: 0 });
    expect(closed).toEqual([0, 2]);
  });
});
