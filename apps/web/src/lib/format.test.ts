import { describe, expect, it } from 'vitest';
import { formatAge, formatChange, formatChangePct, formatCountdown, tickDecimals } from './format';

describe('format', () => {
  it.each([
    [0.01, 2],
    [0.5, 1],
    [0.05, 2],
    [0.2, 1],
    [0.0001, 4],
    [0.00001, 5],
    [1e-7, 7],
    [1.5e-7, 8],
    [1, 0],
    [100, 0],
  ])('tick %s has %i decimals', (tick, decimals) => {
    expect(tickDecimals(tick)).toBe(decimals);
  });

  it('signs changes in text, not only in colour', () => {
    expect(formatChangePct(1.234)).toBe('+1.23%');
    expect(formatChangePct(-0.4)).toBe('-0.40%');
    expect(formatChangePct(0)).toBe('0.00%');
    expect(formatChangePct(-0.001)).toBe('0.00%');
    expect(formatChange(2.5, 1)).toBe('+2.5');
    expect(formatChange(-0.004, 2)).toBe('0.00');
  });

  it('formats ages and countdowns', () => {
    expect(formatAge(300)).toBe('0.3 s');
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(245_000)).toBe('4 m 05 s');
    expect(formatCountdown(3210)).toBe('3.2 s');
    expect(formatCountdown(-5)).toBe('0.0 s');
  });
});
