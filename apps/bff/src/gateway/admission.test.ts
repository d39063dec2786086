import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission';

describe('admission', () => {
  it('admits about perSecond upgrades per second with a small burst, and everything when unpaced', () => {
    const a = createAdmission(50);
    let admitted = 0;
    for (let ms = 0; ms < 1000; ms += 2) if (a.take(10_000 + ms)) admitted++;
    expect(admitted).toBeGreaterThanOrEqual(50);
    expect(admitted).toBeLessThanOrEqual(55);
    const open = createAdmission(0);
    expect(Array.from({ length: 1000 }, () => open.take(0)).every(Boolean)).toBe(true);
  });
});
