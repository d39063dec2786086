/**
 * Imperative wrapper of one lightweight-charts instance: candles + a volume pane, painted in
 * exchange wall-clock time. Knows nothing about React, REST or WebSockets.
 */
import type { Candle, Interval } from '@candlewire/protocol';
import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineStyle,
  createChart,
  createSeriesMarkers,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type LogicalRange,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { toSeriesMarkers, type AlertMark } from './alert-markers';
import { LayerSet, type ChartLayer } from './chart-layers';
import { PaintWindow } from './paint-window';
import { tickDecimals } from '../lib/format';
import type { ChartTheme } from './theme';
import { formatWallTime, tickMarkFormatter, toWallSeconds } from './time-zone';

/** Volume-spike markers: amber reads on both palettes and is neither up nor down. */
const ALERT_ACCENT = '#f0a30a';

/** Display settings that depend on the instrument and interval. */
export interface ViewFormat {
  tickSize: number;
  timeZone: string;
  interval: Interval;
}

/** One lightweight-charts chart with a candlestick series and a volume histogram pane. */
export class ChartView {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  private theme: ChartTheme;
  private format: ViewFormat = { tickSize: 0.01, timeZone: 'UTC', interval: '1m' };
  /** What the series hold now (UTC candles) and their chart (wall-clock) times. */
  private shown: Candle[] = [];
  private walls: number[] = [];
  private readonly markers: ISeriesMarkersPluginApi<Time>;
  private marks: readonly AlertMark[] = [];
  private readonly layers: LayerSet;
  /** The price axis's widest width so far (see `holdAxisWidth`). */
  private axisWidth = 0;
  /** Which of `shown` the series are given (the bars around what the chart shows). */
  private readonly window = new PaintWindow(() => this.drawWindow());

  constructor(container: HTMLElement, theme: ChartTheme) {
    this.theme = theme;
    this.chart = createChart(container, {
      autoSize: true,
      crosshair: { mode: CrosshairMode.Normal },
      timeScale: { rightOffset: 6, barSpacing: 7, tickMarkFormatter },
      localization: { timeFormatter: (time: Time) => this.crosshairLabel(time) },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, { priceLineStyle: LineStyle.Dashed, priceLineWidth: 1 }, 0);
    this.volume = this.chart.addSeries(
      HistogramSeries,
      { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false },
      1,
    );
    this.chart.panes()[0]?.setStretchFactor(4);
    this.chart.panes()[1]?.setStretchFactor(1);
    this.markers = createSeriesMarkers(this.candles, []);
    this.layers = new LayerSet({
      chart: this.chart,
      price: this.candles,
      container,
      theme: () => this.theme,
      format: () => this.format,
      drawnFrom: () => this.drawnFrom(),
    });
    this.window.attach(this.chart, () => this.shown);
    this.applyTheme(theme);
  }

  /** Adds a layer (indicators, compare lines, price alerts...); returns its removal. */
  addLayer(layer: ChartLayer): () => void {
    const remove = this.layers.add(layer);
    layer.paintAll?.(this.shown, this.walls);
    return remove;
  }

  /** Candles as painted, oldest first (do not mutate). */
  get painted(): readonly Candle[] {
    return this.shown;
  }

  /** Colours; repaints the volume bars, whose colour is per bar. */
  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: theme.background },
        textColor: theme.text,
        fontSize: 11,
        panes: { separatorColor: theme.border, separatorHoverColor: theme.border, enableResize: true },
      },
      grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
      crosshair: {
        vertLine: { color: theme.crosshair, labelBackgroundColor: theme.border },
        horzLine: { color: theme.crosshair, labelBackgroundColor: theme.border },
      },
      rightPriceScale: { borderColor: theme.border },
      timeScale: { borderColor: theme.border },
    });
    this.candles.applyOptions({
      upColor: theme.up,
      downColor: theme.down,
      borderUpColor: theme.up,
      borderDownColor: theme.down,
      wickUpColor: theme.up,
      wickDownColor: theme.down,
    });
    this.layers.each((l) => l.applyTheme?.(theme));
    if (this.shown.length > 0) this.paintAll(this.shown);
  }

  /** Tick precision and time axis of the instrument; the caller repaints when the zone changed. */
  setFormat(format: ViewFormat): void {
    this.format = format;
    this.axisWidth = 0;
    this.chart.applyOptions({ rightPriceScale: { minimumWidth: 0 } });
    const precision = tickDecimals(format.tickSize);
    this.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: format.tickSize } });
    this.chart.applyOptions({ timeScale: { timeVisible: format.interval !== '1d', secondsVisible: format.interval === '1s' } });
    this.layers.each((l) => l.setFormat?.(format));
  }

  /** Replaces all data (history load, older-bucket correction, resync). */
  paintAll(candles: readonly Candle[]): void {
    const walls: number[] = [];
    let prev = -Infinity;
    for (const c of candles) {
      // NOTE: at a DST fall-back two buckets share a wall-clock time; keep chart times strictly rising.
      const wall = Math.max(toWallSeconds(this.format.timeZone, c.time), prev + 1);
      walls.push(wall);
      prev = wall;
    }
    this.shown = candles.slice();
    this.walls = walls;
    if (candles.length === 0) this.window.reset();
    this.drawSeries();
    this.layers.each((l) => l.paintAll?.(this.shown, walls));
  }

  /** Index in `painted` of the first bar the series are given. */
  drawnFrom(): number {
    return this.window.start(this.shown);
  }

  /** Alert markers of this chart's symbol (any order); repainted with the data. */
  setAlertMarks(marks: readonly AlertMark[]): void {
    this.marks = marks;
    this.paintMarkers();
  }

  /** Applies live states in time order with `update()`; false when one is older than the last bar. */
  paintLive(candles: readonly Candle[]): boolean {
    for (const c of candles) {
      const last = this.shown.at(-1);
      const lastWall = this.walls.at(-1) ?? -Infinity;
      let wall: number;
      const appended = last === undefined || c.time > last.time;
      if (last !== undefined && c.time === last.time) {
        wall = lastWall;
        this.shown[this.shown.length - 1] = c;
      } else if (appended) {
        wall = Math.max(toWallSeconds(this.format.timeZone, c.time), lastWall + 1);
        this.shown.push(c);
        this.walls.push(wall);
      } else {
        return false; // NOTE: update() with an older time throws "Cannot update oldest data".
      }
      this.candles.update(this.bar(c, wall));
      this.volume.update(this.volumeBar(c, wall));
      this.layers.each((l) => l.paintLive?.(c, wall, appended));
      if (appended && this.window.advance(this.shown)) this.drawWindow();
    }
    this.holdAxisWidth();
    return true;
  }

  /** Calls `cb(index in painted of the first visible bar)` whenever the user scrolls or zooms. */
  onVisibleRange(cb: (from: number) => void): () => void {
    const handler = (range: LogicalRange | null): void => {
      if (range !== null) cb(range.from + this.drawnFrom());
    };
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(handler);
    return () => this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(handler);
  }

  /** Calls `cb(index)` with the hovered bar's index in `painted`, or null when off the bars. */
  onCrosshair(cb: (index: number | null) => void): () => void {
    const handler = (param: MouseEventParams): void => {
      const index = param.logical === undefined || param.time === undefined ? null : Math.round(param.logical) + this.drawnFrom();
      cb(index !== null && index >= 0 && index < this.shown.length ? index : null);
    };
    this.chart.subscribeCrosshairMove(handler);
    return () => this.chart.unsubscribeCrosshairMove(handler);
  }

  /** Back to the latest bars (after a symbol or interval change). */
  scrollToLatest(): void {
    this.chart.timeScale().scrollToRealTime();
  }

  destroy(): void {
    this.window.detach();
    this.layers.clear();
    this.chart.remove();
  }

  /** Gives the candle and volume series the window's bars (and the markers their first bar). */
  private drawSeries(): void {
    const from = this.drawnFrom();
    const drawn = this.shown.slice(from);
    this.candles.setData(drawn.map((c, k) => this.bar(c, this.walls[from + k] ?? c.time)));
    this.volume.setData(drawn.map((c, k) => this.volumeBar(c, this.walls[from + k] ?? c.time)));
    if (this.marks.length > 0 || this.markers.markers().length > 0) this.paintMarkers();
  }

  /** The window moved: every series again from its new first bar. */
  private drawWindow(): void {
    this.drawSeries();
    this.layers.each((l) => l.windowMoved?.());
  }

  /**
   * Keeps the price axis at its widest width so far. NOTE: an axis that narrows and widens with
   * its labels (a MACD turning negative, a price gaining a digit) resizes every canvas of the
   * chart, the most expensive frame a live chart has (the profile showed it inside long tasks).
   * The width lightweight-charts reports is the last paint's, so a growth is held one paint later.
   */
  private holdAxisWidth(): void {
    const width = this.chart.priceScale('right').width();
    if (width <= this.axisWidth) return;
    this.axisWidth = width;
    this.chart.applyOptions({ rightPriceScale: { minimumWidth: width } });
  }

  private paintMarkers(): void {
    const { interval, timeZone } = this.format;
    this.markers.setMarkers(
      toSeriesMarkers(this.marks, {
        interval,
        timeZone,
        firstBar: this.shown[this.drawnFrom()]?.time ?? null,
        up: this.theme.up,
        down: this.theme.down,
        accent: ALERT_ACCENT,
      }),
    );
  }

  private bar(c: Candle, wall: number): CandlestickData<Time> {
    return { time: wall as UTCTimestamp, open: c.open, high: c.high, low: c.low, close: c.close };
  }

  private volumeBar(c: Candle, wall: number): HistogramData<Time> {
    return { time: wall as UTCTimestamp, value: c.volume, color: c.close >= c.open ? this.theme.volumeUp : this.theme.volumeDown };
  }

  private crosshairLabel(time: Time): string {
    const wall = typeof time === 'number' ? time : 0;
    const mode = this.format.interval === '1d' ? 'day' : this.format.interval === '1s' ? 'second' : 'minute';
    return formatWallTime(wall, mode);
  }
}
