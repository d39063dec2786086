import type { Candle } from '@candlewire/protocol';
import type { LogicalRange } from 'lightweight-charts';
import { describe, expect, it } from 'vitest';
import { MIN_BARS, PaintWindow, type RangeSource } from './paint-window';

const bars = (n: number): Candle[] =>
  Array.from({ length: n }, (_, i) => ({ time: 1_000 + i, open: 1, high: 1, low: 1, close: 1, volume: 1 }));

/** A chart whose visible range the test sets. */
function fakeChart() {
  let listener: ((r: LogicalRange | null) => void) | null = null;
  const chart: RangeSource = {
    timeScale: () => ({
      subscribeVisibleLogicalRangeChange: (h) => void (listener = h),
      unsubscribeVisibleLogicalRangeChange: () => void (listener = null),
    }),
  };
  return { chart, show: (from: number, to: number) => listener?.({ from, to } as LogicalRange) };
}

describe('indicator paint window', () => {
  it('draws the last MIN_BARS until the chart reports what it shows', () => {
    expect(new PaintWindow(() => undefined).start(bars(550))).toBe(550 - MIN_BARS);
    expect(new PaintWindow(() => undefined).start(bars(50))).toBe(0);
  });

  it('widens to a quarter screen left of the visible bars when the user scrolls back, and keeps its start by time', () => {
    const candles = bars(550);
    let widened = 0;
    const w = new PaintWindow(() => widened++);
    const f = fakeChart();
    w.attach(f.chart, () => candles);
    expect(w.start(candles)).toBe(400);
    f.show(430, 549); // live edge, 119 bars wide: 400 is left of 430 − 119/4
    expect(widened).toBe(0);
    f.show(200, 320);
    expect(widened).toBe(1);
    expect(w.start(candles)).toBe(170);
    // 100 older bars prepended (history): the same first bar is now at 270.
    const more = [...bars(100).map((c) => ({ ...c, time: c.time - 100 })), ...candles];
    expect(w.start(more)).toBe(270);
  });

  it('advances on live bars so a chart left open draws a bounded set', () => {
    let candles = bars(550);
    const w = new PaintWindow(() => undefined);
    const f = fakeChart();
    w.attach(f.chart, () => candles);
    expect(w.start(candles)).toBe(400);
    candles = bars(1_000);
    f.show(880, 1_000);
    expect(w.advance(candles)).toBe(true);
    expect(w.start(candles)).toBe(850); // a quarter screen left of the visible bars
    expect(w.advance(candles)).toBe(false);
  });

  it('starts over after a reset (another symbol or interval)', () => {
    const w = new PaintWindow(() => undefined);
    w.start(bars(550));
    w.reset();
    expect(w.start(bars(250))).toBe(100);
  });
});
