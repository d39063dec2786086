import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './attempt-limiter';

describe('attempt limiter', () => {
  it('allows max attempts per sliding window and says how long to wait', () => {
    let t = 0;
    const limiter = createAttemptLimiter(3, 1000, () => t);
    for (const at of [0, 100, 200]) {
      t = at;
      expect(limiter.waitMs()).toBe(0);
      limiter.record();
    }
    t = 300;
    expect(limiter.waitMs()).toBe(700);
    t = 1000;
    expect(limiter.waitMs()).toBe(0);
    limiter.record();
    expect(limiter.inWindow()).toBe(3);
    expect(limiter.waitMs()).toBe(100);
  });
});
