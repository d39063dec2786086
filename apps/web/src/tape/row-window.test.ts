import { describe, expect, it } from 'vitest';
import { FIRST_ROWS, OVERSCAN, rowWindow } from './row-window';

describe('rowWindow', () => {
  it('renders the first rows before the list is measured', () => {
    expect(rowWindow(150, 0, 0, 0)).toEqual({ start: 0, end: FIRST_ROWS, padTop: 0, padBottom: 0 });
    expect(rowWindow(5, 0, 0, 19)).toEqual({ start: 0, end: 5, padTop: 0, padBottom: 0 });
  });

  it('at the top: the visible rows and a margin below, the rest as padding', () => {
    // 570 px shows 30 rows of 19 px.
    const w = rowWindow(150, 0, 570, 19);
    expect(w).toEqual({ start: 0, end: 30 + OVERSCAN, padTop: 0, padBottom: (150 - 30 - OVERSCAN) * 19 });
  });

  it('scrolled: a margin on both sides, and the padding keeps the full height', () => {
    const w = rowWindow(150, 50 * 19, 570, 19);
    expect(w.start).toBe(50 - OVERSCAN);
    expect(w.end).toBe(80 + OVERSCAN);
    expect(w.padTop + (w.end - w.start) * 19 + w.padBottom).toBe(150 * 19);
  });

  it('at the bottom, and past it (a list that just shrank), never beyond the rows', () => {
    expect(rowWindow(150, 150 * 19 - 570, 570, 19).end).toBe(150);
    const past = rowWindow(10, 5000, 570, 19);
    expect(past.start).toBeLessThanOrEqual(past.end);
    expect(past.end).toBe(10);
    expect(past.padBottom).toBe(0);
  });

  it('a partly shown row counts as shown', () => {
    expect(rowWindow(150, 10, 100, 19).end).toBe(Math.ceil(110 / 19) + OVERSCAN);
  });
});
