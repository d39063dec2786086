import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBeat, type BeatEnv } from './beat';

describe('UI beat', () => {
  let hidden = false;
  const env: BeatEnv = {
    now: () => Date.now(),
    setTimer: (cb, ms) => setTimeout(cb, ms),
    isHidden: () => hidden,
    microtask: (cb) => queueMicrotask(cb),
  };
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    hidden = false;
  });
  afterEach(() => vi.useRealTimers());

  it('runs everything queued before a beat together, on the next multiple of the period', () => {
    const b = createBeat(env, 50);
    const ran: string[] = [];
    vi.advanceTimersByTime(10); // 1 000 010: the next beat is at 1 000 050
    b.next(() => ran.push(`a@${Date.now()}`));
    vi.advanceTimersByTime(30);
    b.next(() => ran.push(`b@${Date.now()}`));
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual(['a@1000050', 'b@1000050']);
    b.next(() => ran.push(`c@${Date.now()}`));
    vi.advanceTimersByTime(50);
    expect(ran.at(-1)).toBe('c@1000100');
  });

  it('drops a cancelled callback and still runs the others when one throws', () => {
    const b = createBeat(env, 50);
    const ran: string[] = [];
    const id = b.next(() => ran.push('cancelled'));
    b.next(() => {
      throw new Error('boom');
    });
    b.next(() => ran.push('after the throw'));
    b.cancel(id);
    expect(() => vi.advanceTimersByTime(50)).toThrow('boom');
    expect(ran).toEqual(['after the throw']);
  });

  it('runs at once (a microtask) while the page is hidden', async () => {
    hidden = true;
    const b = createBeat(env, 50);
    let ran = 0;
    b.next(() => ran++);
    await Promise.resolve();
    expect(ran).toBe(1);
  });

  it('after(ms) waits at least ms, then for the beat', () => {
    const b = createBeat(env, 50);
    const at: number[] = [];
    b.after(60, () => at.push(Date.now()));
    vi.advanceTimersByTime(99);
    expect(at).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(at).toEqual([1_000_100]);
  });
});
