import { describe, expect, it } from 'vitest';
import { createTokenBucket, fullTokens, takeToken, tokenWaitMs } from './token-bucket';

describe('token bucket', () => {
  it('starts full, then refills at the rate', () => {
    let t = 0;
    const bucket = createTokenBucket({ ratePerSec: 4, burst: 2, now: () => t });
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    expect(bucket.waitMs()).toBe(250);
    t = 249;
    expect(bucket.take()).toBe(false);
    t = 250;
    expect(bucket.take()).toBe(true);
    t = 10_000;
    expect(bucket.available()).toBe(2);
  });

  it('never allows more than burst + rate·t in any window', () => {
    let t = 0;
    const bucket = createTokenBucket({ ratePerSec: 3, burst: 2, now: () => t });
    const sent: number[] = [];
    for (t = 0; t < 10_000; t += 7) while (bucket.take()) sent.push(t);
    for (const start of sent) expect(sent.filter((s) => s >= start && s < start + 1000).length).toBeLessThanOrEqual(5);
    expect(sent.length).toBeGreaterThanOrEqual(30);
  });

  it('rejects nonsense rates', () => {
    expect(() => createTokenBucket({ ratePerSec: 0, burst: 1 })).toThrow(RangeError);
  });
});

describe('token state', () => {
  it('steps plain data: waits for several tokens, earns nothing when the clock goes back', () => {
    const rate = { ratePerSec: 10, burst: 10 };
    const state = fullTokens(rate, 1000);
    for (let i = 0; i < 10; i++) expect(takeToken(state, rate, 1000)).toBe(true);
    expect(takeToken(state, rate, 1000)).toBe(false);
    expect(tokenWaitMs(state, rate, 1000, 3)).toBe(300);
    expect(takeToken(state, rate, 900)).toBe(false);
    expect(tokenWaitMs(state, rate, 1100, 1)).toBe(0);
    expect(takeToken(state, rate, 1100)).toBe(true);
  });
});
