import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatChange,
  formatChangePct,
  formatCountdown,
  formatDuration,
  formatTimeLeft,
  formatUptime,
  formatVolume,
  tickDecimals,
} from './format';

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
    [0.1 + 0.2, 1],
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
    expect(formatChangePct(NaN)).toBe('—');
    expect(formatChange(2.5, 1)).toBe('+2.5');
    expect(formatChange(-0.004, 2)).toBe('0.00');
  });

  it('uses the typographic minus where asked (the chart legend)', () => {
    expect(formatChange(-0.5, 2, '−')).toBe('−0.50');
    expect(formatChangePct(-0.42, '−')).toBe('−0.42%');
  });

  it('formats volumes compactly', () => {
    expect(formatVolume(950)).toBe('950');
    expect(formatVolume(12_345)).toBe('12.3K');
    expect(formatVolume(4_560_000)).toBe('4.56M');
    expect(formatVolume(0.5)).toBe('0.5000');
  });

  it('formats ages and countdowns', () => {
    expect(formatAge(300)).toBe('0.3 s');
    expect(formatAge(12_400)).toBe('12 s');
    expect(formatAge(245_000)).toBe('4 m 05 s');
    expect(formatAge(30 * 3_600_000 + 5 * 60_000)).toBe('30 h 05 m');
    expect(formatCountdown(3210)).toBe('3.2 s');
    expect(formatCountdown(-5)).toBe('0.0 s');
    expect(formatUptime(45)).toBe('45 s');
    expect(formatUptime(2 * 86_400 + 4 * 3_600)).toBe('2 d 04 h');
  });

  it('formats time left compactly and never negative', () => {
    expect(formatTimeLeft(-5)).toBe('0s');
    expect(formatTimeLeft(45_900)).toBe('45s');
    expect(formatTimeLeft(14 * 60_000 + 5_000)).toBe('14m 05s');
    expect(formatTimeLeft(2 * 3_600_000 + 14 * 60_000 + 59_000)).toBe('2h 14m');
    expect(formatTimeLeft(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 04h');
    expect(formatDuration(60_000)).toBe('1 m 00 s');
  });
});
