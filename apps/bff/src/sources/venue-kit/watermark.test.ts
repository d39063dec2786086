import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWatermark } from './watermark';

afterEach(() => vi.useRealTimers());

describe('venue watermark', () => {
  it('emits now − lag on its timer, never backwards, and stamps late times up to it', () => {
    vi.useFakeTimers({ now: 10_000 });
    const marks: number[] = [];
    const wm = createWatermark({ lagMs: 1000, everyMs: 250 });
    expect(wm.stamp(5)).toBe(5);
    wm.start((ms) => marks.push(ms));
    vi.advanceTimersByTime(500);
    expect(marks).toEqual([9250, 9500]);
    vi.setSystemTime(9_000); // the clock steps back
    vi.advanceTimersByTime(250);
    expect(marks.at(-1)).toBe(9500);
    expect(wm.stamp(8_000)).toBe(9500);
    expect(wm.stamp(9_600)).toBe(9600);
    wm.stop();
    vi.advanceTimersByTime(1000);
    expect(marks).toHaveLength(3);
  });
});
