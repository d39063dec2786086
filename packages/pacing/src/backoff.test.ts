import { describe, expect, it } from 'vitest';
import { createBackoff, fullJitterDelay } from './backoff';

describe('full-jitter backoff', () => {
  it('draws uniformly below min(cap, base·2^attempt)', () => {
    const opts = { baseMs: 100, capMs: 10_000 };
    expect(fullJitterDelay(0, { ...opts, random: () => 0.5 })).toBe(50);
    expect(fullJitterDelay(3, { ...opts, random: () => 0.5 })).toBe(400);
    expect(fullJitterDelay(20, { ...opts, random: () => 0.999 })).toBe(9990);
    expect(fullJitterDelay(5000, { ...opts, random: () => 0.5 })).toBe(5000);
    expect(fullJitterDelay(4, { ...opts, random: () => 0 })).toBe(0);
  });

  it('counts attempts and resets', () => {
    const randoms = [0.25, 0.5, 0.75, 0.5];
    const backoff = createBackoff({ baseMs: 1000, capMs: 3000, random: () => randoms.shift() ?? 0 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([250, 1000, 2250]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(500);
  });
});
