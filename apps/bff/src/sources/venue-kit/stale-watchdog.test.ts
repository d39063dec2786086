import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStaleWatchdog } from './stale-watchdog';

describe('stale watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports stale after the window of silence and live when heard again', () => {
    const events: string[] = [];
    const dog = createStaleWatchdog({
      windowMs: 1000,
      checkMs: 100,
      onStale: (k) => events.push(`stale ${k}`),
      onLive: (k) => events.push(`live ${k}`),
    });
    dog.watch('A');
    dog.watch('B');
    vi.advanceTimersByTime(500);
    dog.heard('B');
    vi.advanceTimersByTime(500);
    expect(events).toEqual(['stale A']);
    expect(dog.isStale('A')).toBe(true);
    vi.advanceTimersByTime(500);
    expect(events).toEqual(['stale A', 'stale B']);
    dog.heard('A');
    dog.heard('A');
    expect(events).toEqual(['stale A', 'stale B', 'live A']);
    dog.unwatch('B');
    dog.heard('B');
    vi.advanceTimersByTime(5000);
    expect(events).toEqual(['stale A', 'stale B', 'live A', 'stale A']);
    dog.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
