/**
 * Which bars a chart's series are given: the visible bars plus a quarter to three quarters of a
 * screen left of them (the last `MIN_BARS` before the chart has said what it shows). Every series
 * of the chart (candles, volume, indicators, compare lines) starts at the same bar, so the chart's
 * logical index 0 is the window's first bar. The visible-range callback runs before the chart's
 * next paint, so a scroll never shows a blank left edge; the margin only saves a repaint per small
 * scroll. Values are still computed over every bar (the legend reads any of them).
 * NOTE: lightweight-charts rebuilds every row of a series in each frame the series changes
 * (O(bars), one or two objects per row). Rows that survive to the next scavenge are copied by it,
 * so every row off screen cost a share of each GC pause and showed nothing.
 */
import type { Candle } from '@candlewire/protocol';
import type { ITimeScaleApi, LogicalRange, Time } from 'lightweight-charts';
import { lowerBound } from './candle-store';

/** What the window needs of a chart: its visible logical range. */
export interface RangeSource {
  timeScale(): Pick<ITimeScaleApi<Time>, 'subscribeVisibleLogicalRangeChange' | 'unsubscribeVisibleLogicalRangeChange'>;
}

/** Bars drawn at least (before the chart has reported what it shows). */
export const MIN_BARS = 150;

/** The first drawn bar of one chart, by bucket time. */
export class PaintWindow {
  private fromTime: number | null = null;
  /** What the chart shows, in its logical indexes (0 = the first drawn bar). */
  private shown: { from: number; to: number } | null = null;
  private unsubscribe: (() => void) | null = null;

  /** `onMove` gives the series the bars from the new `start()` (the user scrolled or zoomed out past the window). */
  constructor(private readonly onMove: () => void) {}

  /** Follows the chart's visible range; `bars` are the candles the series are drawn from. */
  attach(chart: RangeSource, bars: () => readonly Candle[]): void {
    const handler = (range: LogicalRange | null): void => {
      this.shown = range === null ? null : { from: range.from, to: range.to };
      if (range !== null && this.widen(bars())) this.onMove();
    };
    chart.timeScale().subscribeVisibleLogicalRangeChange(handler);
    this.unsubscribe = () => chart.timeScale().unsubscribeVisibleLogicalRangeChange(handler);
  }

  /** Forgets the window (another symbol, interval or zone: bar times start over). */
  reset(): void {
    this.fromTime = null;
    this.shown = null;
  }

  /** Index in `candles` of the first bar to draw. */
  start(candles: readonly Candle[]): number {
    const first = candles[0]?.time;
    if (this.fromTime === null || first === undefined) {
      const at = Math.max(0, candles.length - MIN_BARS);
      this.fromTime = candles[at]?.time ?? null;
      return at;
    }
    // NOTE: bars older than the window's start were trimmed: the window starts at the oldest left.
    if (first > this.fromTime) this.fromTime = first;
    return lowerBound(candles, this.fromTime);
  }

  /**
   * After a bar was appended: true (and a later start) when more than a window's worth of bars
   * lie left of what the user sees, so a chart left open for hours keeps drawing a bounded set.
   */
  advance(candles: readonly Candle[]): boolean {
    const wanted = this.wantedStart();
    if (wanted === null || wanted.logical <= Math.max(25, wanted.width / 2)) return false;
    const start = this.start(candles);
    this.moveTo(candles, start, start + wanted.logical);
    return true;
  }

  /** True (and an earlier start) when the user sees, or nearly sees, the window's left edge. */
  private widen(candles: readonly Candle[]): boolean {
    const wanted = this.wantedStart();
    if (wanted === null || wanted.logical >= 0) return false;
    const start = this.start(candles);
    if (start === 0) return false;
    this.moveTo(candles, start, Math.max(0, start + wanted.logical));
    return true;
  }

  /** Where the window should start (logical index: a quarter screen left of the visible bars), and the screen's width in bars. */
  private wantedStart(): { logical: number; width: number } | null {
    const range = this.shown;
    if (range === null || this.fromTime === null) return null;
    const width = Math.max(1, range.to - range.from);
    return { logical: Math.floor(range.from - width / 4), width };
  }

  private moveTo(candles: readonly Candle[], old: number, bar: number): void {
    const time = candles[bar]?.time;
    if (time === undefined) return;
    this.fromTime = time;
    // NOTE: the chart reports the range in the new indexes only after the series are given the
    // new bars; until then the range held is shifted by hand.
    if (this.shown !== null) this.shown = { from: this.shown.from + old - bar, to: this.shown.to + old - bar };
  }

  /** Stops following the chart. */
  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
