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

  it('widens to a screen left of the visible bars when the user scrolls back, and keeps its start by time', () => {
    const candles = bars(550);
    let widened = 0;
    const w = new PaintWindow(() => widened++);
    const f = fakeChart();
    w.attach(f.chart, () => candles);
    expect(w.start(candles)).toBe(350);
    f.show(480, 549); // live edge, 69 bars wide: 350 is left of 480 − 69
    expect(widened).toBe(0);
    f.show(200, 319);
    expect(widened).toBe(1);
    expect(w.start(candles)).toBe(81);
    // 100 older bars prepended (history): the same first bar is now at 181.
    const more = [...bars(100).map((c) => ({ ...c, time: c.time - 100 })), ...candles];
    expect(w.start(more)).toBe(181);
  });

  it('advances on live bars so a chart left open draws a bounded set', () => {
    let candles = bars(550);
    const w = new PaintWindow(() => undefined);
    const f = fakeChart();
    w.attach(f.chart, () => candles);
    expect(w.start(candles)).toBe(350);
    candles = bars(1_000);
    f.show(880, 999);
    expect(w.advance(candles)).toBe(true);
    expect(w.start(candles)).toBe(761); // one screen left of the visible bars
    expect(w.advance(candles)).toBe(false);
  });

  it('starts over after a reset (another symbol or interval)', () => {
    const w = new PaintWindow(() => undefined);
    w.start(bars(550));
    w.reset();
    expect(w.start(bars(250))).toBe(50);
  });
});
