/**
 * Which bars an indicator's series are given: the visible bars plus a quarter to three quarters
 * of a screen left of them (the last `MIN_BARS` before the chart has said what it shows). The
 * visible-range callback runs before the chart's next paint, so a scroll never shows a bar
 * without its lines; the margin only saves a repaint per small scroll. Values are still computed over every bar
 * (the legend reads any of them); only the drawn series are windowed.
 * NOTE: lightweight-charts rebuilds every row of a series in each frame the series changes
 * (O(bars), one object per row). With every indicator on, a 1s chart updating a few times a
 * second made ~25 MB/s of garbage that lived long enough to reach the old generation, and its
 * major GCs were the dashboard's only long tasks. Rows off screen cost that and show nothing.
 */
import type { Candle } from '@candlewire/protocol';
import type { ITimeScaleApi, LogicalRange, Time } from 'lightweight-charts';
import { lowerBound } from '../candle-store';

/** What the window needs of a chart: its visible logical range. */
export interface RangeSource {
  timeScale(): Pick<ITimeScaleApi<Time>, 'subscribeVisibleLogicalRangeChange' | 'unsubscribeVisibleLogicalRangeChange'>;
}

/** Bars drawn at least (before the chart has reported what it shows). */
export const MIN_BARS = 150;

/** The first drawn bar of one chart's indicator series, by bucket time. */
export class PaintWindow {
  private fromTime: number | null = null;
  private shown: LogicalRange | null = null;
  private unsubscribe: (() => void) | null = null;

  /** `onWiden` repaints the series from the new `start()` (the user scrolled or zoomed out past the window). */
  constructor(private readonly onWiden: () => void) {}

  /** Follows the chart's visible range; `bars` are the candles the series are drawn for (logical index = bar index). */
  attach(chart: RangeSource, bars: () => readonly Candle[]): void {
    const handler = (range: LogicalRange | null): void => {
      this.shown = range;
      if (range !== null && this.widen(range, bars())) this.onWiden();
    };
    chart.timeScale().subscribeVisibleLogicalRangeChange(handler);
    this.unsubscribe = () => chart.timeScale().unsubscribeVisibleLogicalRangeChange(handler);
  }

  /** Forgets the window (another symbol, interval or zone: bar times start over). */
  reset(): void {
    this.fromTime = null;
  }

  /** Index in `candles` of the first bar to draw. */
  start(candles: readonly Candle[]): number {
    if (this.fromTime === null) {
      const at = Math.max(0, candles.length - MIN_BARS);
      this.fromTime = candles[at]?.time ?? null;
      return at;
    }
    return lowerBound(candles, this.fromTime);
  }

  /**
   * After a bar was appended: true (and a later start) when more than a window's worth of bars
   * lie left of what the user sees, so a chart left open for hours keeps drawing a bounded set.
   */
  advance(candles: readonly Candle[]): boolean {
    const range = this.shown;
    if (range === null || this.fromTime === null) return false;
    const start = lowerBound(candles, this.fromTime);
    const width = Math.max(1, range.to - range.from);
    const wanted = Math.floor(range.from - width / 4);
    if (wanted - start <= Math.max(25, width / 2)) return false;
    this.fromTime = candles[wanted]?.time ?? this.fromTime;
    return true;
  }

  private widen(range: LogicalRange, candles: readonly Candle[]): boolean {
    const width = Math.max(1, range.to - range.from);
    const wanted = candles[Math.max(0, Math.floor(range.from - width / 4))]?.time;
    if (wanted === undefined || this.fromTime === null || wanted >= this.fromTime) return false;
    this.fromTime = wanted;
    return true;
  }

  /** Stops following the chart. */
  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
