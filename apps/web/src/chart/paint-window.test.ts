import type { Candle } from '@candlewire/protocol';
import type { LogicalRange } from 'lightweight-charts';
import { describe, expect, it } from 'vitest';
import { MIN_BARS, PaintWindow, type RangeSource } from './paint-window';

const bars = (n: number): Candle[] =>
  Array.from({ length: n }, (_, i) => ({ time: 1_000 + i, open: 1, high: 1, low: 1, close: 1, volume: 1 }));

/** A chart whose visible range (logical: 0 = the first drawn bar) the test sets. */
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

/** A window following a fake chart over `candles`; `moved()` counts its repaints. */
function followed(candles: () => readonly Candle[]) {
  let moves = 0;
  const w = new PaintWindow(() => moves++);
  const f = fakeChart();
  w.attach(f.chart, candles);
  return { w, show: f.show, moved: () => moves };
}

describe('chart paint window', () => {
  it('draws the last MIN_BARS until the chart reports what it shows', () => {
    expect(new PaintWindow(() => undefined).start(bars(550))).toBe(550 - MIN_BARS);
    expect(new PaintWindow(() => undefined).start(bars(50))).toBe(0);
  });

  it('widens to a quarter screen left of the visible bars when the user scrolls back, and keeps its start by time', () => {
    const candles = bars(550);
    const { w, show, moved } = followed(() => candles);
    expect(w.start(candles)).toBe(400);
    show(30, 149); // live edge, 119 bars wide: 30 − 119/4 ≥ 0, the margin is there
    expect(moved()).toBe(0);
    show(-200, -80); // bars 200..320
    expect(moved()).toBe(1);
    expect(w.start(candles)).toBe(170);
    show(30, 150); // as the chart reports it once given the bars from 170
    expect(moved()).toBe(1);
    // 100 older bars prepended (history): the same first bar is now at 270.
    const more = [...bars(100).map((c) => ({ ...c, time: c.time - 100 })), ...candles];
    expect(w.start(more)).toBe(270);
  });

  it('stops widening at the oldest bar (loading older history is the scroll-back’s job)', () => {
    const candles = bars(200);
    const { w, show, moved } = followed(() => candles);
    expect(w.start(candles)).toBe(50);
    show(-300, -100);
    expect(w.start(candles)).toBe(0);
    show(-250, -50);
    expect(moved()).toBe(1);
  });

  it('advances on live bars so a chart left open draws a bounded set', () => {
    let candles = bars(550);
    const { w, show } = followed(() => candles);
    expect(w.start(candles)).toBe(400);
    candles = bars(1_000);
    show(480, 600); // bars 880..1000
    expect(w.advance(candles)).toBe(true);
    expect(w.start(candles)).toBe(850); // a quarter screen left of the visible bars
    expect(w.advance(candles)).toBe(false);
  });

  it('starts at the oldest bar left after a trim, and over after a reset', () => {
    const w = new PaintWindow(() => undefined);
    w.start(bars(550));
    const trimmed = bars(550).slice(450);
    expect(w.start(trimmed)).toBe(0);
    w.reset();
    expect(w.start(bars(250))).toBe(100);
  });
});
