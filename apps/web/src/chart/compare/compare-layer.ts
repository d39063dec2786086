/**
 * Compare lines: other symbols' closes on the price pane, drawn at the main series' bars only
 * (so a 24/7 symbol never adds weekend bars to a stock's time axis), in percent mode.
 */
import type { Candle } from '@candlewire/protocol';
import { LineSeries, type ISeriesApi, type LineData, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { ChartLayer, LayerContext } from '../chart-layers';

/** Line colours of the compare symbols, in order. */
export const COMPARE_COLORS = ['#e91e63', '#00bcd4', '#8bc34a'] as const;

interface Line {
  series: ISeriesApi<'Line'>;
  /** Close by bucket time (UTC s). */
  closes: Map<number, number>;
  /** Main-bar index of the last point drawn, -1 for none. */
  lastDrawn: number;
}

/** Draws up to three compare symbols against the chart's own bars. */
export class CompareLayer implements ChartLayer {
  private ctx: LayerContext | null = null;
  private readonly lines = new Map<string, Line>();
  private candles: readonly Candle[] = [];
  private walls: readonly number[] = [];
  private readonly indexOf = new Map<number, number>();

  /** Attached by the view. */
  attach(ctx: LayerContext): void {
    this.ctx = ctx;
  }

  /** Adds a line for `symbol` (idempotent). */
  add(symbol: string, color: string): void {
    const ctx = this.ctx;
    if (ctx === null || this.lines.has(symbol)) return;
    const series = ctx.chart.addSeries(
      LineSeries,
      { color, lineWidth: 2, priceLineVisible: false, lastValueVisible: true, title: symbol, crosshairMarkerVisible: false },
      0,
    );
    this.lines.set(symbol, { series, closes: new Map(), lastDrawn: -1 });
  }

  /** Removes the line of `symbol`. */
  remove(symbol: string): void {
    const line = this.lines.get(symbol);
    if (line === undefined) return;
    this.ctx?.chart.removeSeries(line.series);
    this.lines.delete(symbol);
  }

  /** Points drawn for `symbol` (test hook and legend). */
  points(symbol: string): number {
    return this.lines.get(symbol)?.series.data().length ?? 0;
  }

  /** Close of `symbol` at painted bar `index`, or NaN. */
  closeAt(symbol: string, index: number): number {
    const bar = this.candles[index];
    return bar === undefined ? NaN : (this.lines.get(symbol)?.closes.get(bar.time) ?? NaN);
  }

  /** History or a snapshot of `symbol`: merged by bucket time, then redrawn. */
  setCandles(symbol: string, candles: readonly Candle[]): void {
    const line = this.lines.get(symbol);
    if (line === undefined) return;
    for (const c of candles) line.closes.set(c.time, c.close);
    this.redraw(line);
  }

  /** One live candle of `symbol`. */
  updateCandle(symbol: string, candle: Candle): void {
    const line = this.lines.get(symbol);
    if (line === undefined) return;
    line.closes.set(candle.time, candle.close);
    const index = this.indexOf.get(candle.time);
    if (index === undefined) return;
    if (index >= line.lastDrawn) this.drawAt(line, index);
    else this.redraw(line); // NOTE: a correction of an older bucket: update() only takes the last time.
  }

  /** The main series changed wholesale: redraw every line at its bars. */
  paintAll(candles: readonly Candle[], walls: readonly number[]): void {
    this.candles = candles;
    this.walls = walls;
    this.indexOf.clear();
    candles.forEach((c, i) => this.indexOf.set(c.time, i));
    const oldest = candles[0]?.time ?? -Infinity;
    for (const line of this.lines.values()) {
      // NOTE: closes older than the main series (trimmed on long sessions) are dropped: the map stays bounded.
      for (const time of line.closes.keys()) if (time < oldest) line.closes.delete(time);
      this.redraw(line);
    }
  }

  /** The chart's drawn window moved: every line from its new first bar. */
  windowMoved(): void {
    for (const line of this.lines.values()) this.redraw(line);
  }

  /** A live main bar: extend each line to it when its close is known. */
  paintLive(candle: Candle, _wall: number, appended: boolean): void {
    if (appended) this.indexOf.set(candle.time, this.candles.length - 1);
    const index = this.indexOf.get(candle.time);
    if (index === undefined) return;
    for (const line of this.lines.values()) if (line.closes.has(candle.time) && index >= line.lastDrawn) this.drawAt(line, index);
  }

  /** Removes every line. */
  detach(): void {
    for (const symbol of [...this.lines.keys()]) this.remove(symbol);
    this.ctx = null;
  }

  private drawAt(line: Line, index: number): void {
    const bar = this.candles[index];
    const value = bar === undefined ? undefined : line.closes.get(bar.time);
    if (value === undefined) return;
    line.series.update({ time: (this.walls[index] ?? 0) as UTCTimestamp, value });
    line.lastDrawn = index;
  }

  private redraw(line: Line): void {
    const data: LineData<Time>[] = [];
    let last = -1;
    // NOTE: from the chart's first drawn bar, as every series: an earlier point would add bars to its time axis.
    for (let i = this.ctx?.drawnFrom() ?? 0; i < this.candles.length; i++) {
      const c = this.candles[i];
      const value = c === undefined ? undefined : line.closes.get(c.time);
      if (c === undefined || value === undefined) continue;
      data.push({ time: (this.walls[i] ?? c.time) as UTCTimestamp, value });
      last = i;
    }
    line.series.setData(data);
    line.lastDrawn = last;
  }
}
