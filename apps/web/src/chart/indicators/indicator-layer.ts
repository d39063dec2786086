/**
 * The indicators of one chart as a chart layer: price-pane lines, the volume MA on the volume
 * pane, RSI and MACD in panes of their own. A full paint recomputes each indicator over the
 * series; a live candle costs one incremental step per indicator (never the whole series). The
 * series are given only the chart's drawn window (`PaintWindow`), like every series of the chart.
 */
import { localDay } from '@candlewire/market';
import type { Candle } from '@candlewire/protocol';
import {
  HistogramSeries,
  LineSeries,
  LineStyle,
  type IPaneApi,
  type ISeriesApi,
  type LineWidth,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
  type LineData,
  type HistogramData,
} from 'lightweight-charts';
import { tickDecimals } from '../../lib/format';
import type { ChartLayer, LayerContext } from '../chart-layers';
import type { IndicatorId } from '../chart-settings';
import type { ViewFormat } from '../chart-view';
import { STEP_SECONDS } from '../history-sync';
import { indicatorDef, type Compute, type IndicatorDef, type LineDef } from './catalog';

type Point = LineData<Time> | HistogramData<Time> | WhitespaceData<Time>;
type DrawnSeries = ISeriesApi<'Line'> | ISeriesApi<'Histogram'>;

/** The volume pane of `ChartView` (pane 0 holds the candles). */
const VOLUME_PANE = 1;
/** Height of an indicator pane relative to the price pane's 4 and the volume pane's 1. */
const OWN_PANE_STRETCH = 1.4;

/** Older history is loaded for the session VWAP up to this many bars (a 1m day is 1 440). */
const VWAP_HISTORY_BARS = 3_000;

/** One indicator on the chart: its series, its computation and its values per painted bar. */
interface Drawn {
  def: IndicatorDef;
  series: DrawnSeries[];
  pane: IPaneApi<Time> | null;
  compute: Compute;
  /** values[line][bar], NaN while warming up; aligned with the painted candles. */
  values: number[][];
}

/** What the legend shows for one indicator at one bar. */
export interface IndicatorReading {
  def: IndicatorDef;
  values: number[];
}

/** Draws the chosen indicators of one chart and keeps their values for the legend. */
export class IndicatorLayer implements ChartLayer {
  private ctx: LayerContext | null = null;
  private drawn: Drawn[] = [];
  private candles: readonly Candle[] = [];
  private walls: readonly number[] = [];
  private overlaysShown = true;

  /** Attached by the view. */
  attach(ctx: LayerContext): void {
    this.ctx = ctx;
  }

  /** Shows exactly `ids` (in that order), adding and removing series as needed. */
  setActive(ids: readonly IndicatorId[]): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    for (const d of this.drawn.filter((d) => !ids.includes(d.def.id))) this.remove(ctx, d);
    this.drawn = this.drawn.filter((d) => ids.includes(d.def.id));
    for (const id of ids) {
      if (this.drawn.some((d) => d.def.id === id)) continue;
      const drawn = this.create(ctx, indicatorDef(id));
      this.drawn.push(drawn);
      this.recompute(drawn);
    }
  }

  /**
   * Shows or hides the price-pane lines. NOTE: lightweight-charts rebases every series of a
   * percent scale to its own first visible value, which would start SMA, VWAP and both bands at
   * 0 % with the candles: wrong, so they are not drawn in percent mode (their values stay in the legend).
   */
  setOverlaysShown(shown: boolean): void {
    this.overlaysShown = shown;
    for (const d of this.drawn) if (d.def.pane === 'price') for (const s of d.series) s.applyOptions({ visible: shown });
  }

  /** Whether the price-pane lines are drawn (false in percent mode). */
  get overlaysDrawn(): boolean {
    return this.overlaysShown;
  }

  /** Ids shown now. */
  get active(): IndicatorId[] {
    return this.drawn.map((d) => d.def.id);
  }

  /**
   * True when the session VWAP is on but every loaded bar is in one session, whose start may lie
   * before the history: loading older bars makes the current session's VWAP exact.
   */
  wantsOlderHistory(): boolean {
    const first = this.candles[0];
    const last = this.candles.at(-1);
    const format = this.ctx?.format();
    if (first === undefined || last === undefined || format === undefined || this.candles.length >= VWAP_HISTORY_BARS) return false;
    // NOTE: a 1s day is 86 400 bars: more than the cap, so loading could never complete it.
    if (86_400 / STEP_SECONDS[format.interval] > VWAP_HISTORY_BARS) return false;
    const zone = format.timeZone;
    if (!this.drawn.some((d) => d.def.id === 'vwap')) return false;
    return localDay(zone, first.time * 1000).start === localDay(zone, last.time * 1000).start;
  }

  /** Panes of the chart now (price, volume, and one per RSI/MACD). */
  paneCount(): number {
    return this.ctx?.chart.panes().length ?? 0;
  }

  /**
   * Top of the pane an indicator is drawn in, in px from the top of the chart; 0 for the price pane.
   * NOTE: read from the chart's current pane heights (separators are 1 px), so it follows resizes.
   */
  paneTop(id: IndicatorId): number {
    const d = this.drawn.find((x) => x.def.id === id);
    const chart = this.ctx?.chart;
    if (d === undefined || chart === undefined || d.def.pane === 'price') return 0;
    const index = d.def.pane === 'volume' ? VOLUME_PANE : (d.pane?.paneIndex() ?? 0);
    return chart
      .panes()
      .slice(0, index)
      .reduce((top, pane) => top + pane.getHeight() + 1, 0);
  }

  /** Each indicator's values at painted bar `index`. */
  readingsAt(index: number): IndicatorReading[] {
    return this.drawn.map((d) => ({ def: d.def, values: d.values.map((line) => line[index] ?? NaN) }));
  }

  /** History, resync or trim: recompute every indicator over the new series. */
  paintAll(candles: readonly Candle[], walls: readonly number[]): void {
    // NOTE: the view appends and revises these arrays in place on live paints; the layer only reads them.
    this.candles = candles;
    this.walls = walls;
    for (const d of this.drawn) this.recompute(d);
  }

  /** One step per indicator for the live candle. */
  paintLive(candle: Candle, wall: number, appended: boolean): void {
    for (const d of this.drawn) {
      const values = d.compute(candle, !appended);
      d.def.lines.forEach((line, i) => {
        const v = values[i] ?? NaN;
        const column = d.values[i];
        if (column === undefined) return;
        if (appended) column.push(v);
        else column[column.length - 1] = v;
        d.series[i]?.update(this.point(line, wall, v));
      });
    }
  }

  /** The chart's drawn window moved: every series from its new first bar. */
  windowMoved(): void {
    for (const d of this.drawn) this.draw(d);
  }

  /** Price-pane lines follow the instrument's tick precision. */
  setFormat(format: ViewFormat): void {
    for (const d of this.drawn) this.applyPrecision(d, format);
  }

  /** Removes every series (and the panes they had). */
  detach(): void {
    const ctx = this.ctx;
    if (ctx !== null) for (const d of this.drawn) this.remove(ctx, d);
    this.drawn = [];
    this.ctx = null;
  }

  private create(ctx: LayerContext, def: IndicatorDef): Drawn {
    const pane = def.pane === 'own' ? ctx.chart.addPane() : null;
    pane?.setStretchFactor(OWN_PANE_STRETCH);
    const paneIndex = def.pane === 'price' ? 0 : def.pane === 'volume' ? VOLUME_PANE : (pane?.paneIndex() ?? VOLUME_PANE);
    // NOTE: only an own pane's main line labels its last value on the axis (RSI, MACD). Price-pane
    // overlays and the volume MA would stack up to seven labels beside the price's, each formatted
    // and laid out again in every paint; the legend shows their values.
    const series = def.lines.map((line, i) => this.addSeries(ctx, line, paneIndex, def.pane === 'own' && i === 0));
    const first = series[0];
    for (const level of def.levels ?? [])
      first?.createPriceLine({
        price: level,
        color: '#787b86',
        lineWidth: 1,
        lineStyle: LineStyle.Dotted,
        axisLabelVisible: false,
        title: '',
      });
    if (def.pane === 'price' && !this.overlaysShown) for (const s of series) s.applyOptions({ visible: false });
    const drawn: Drawn = { def, series, pane, compute: def.create(ctx.format().timeZone), values: def.lines.map(() => []) };
    this.applyPrecision(drawn, ctx.format());
    return drawn;
  }

  private addSeries(ctx: LayerContext, line: LineDef, paneIndex: number, lastValueVisible: boolean): DrawnSeries {
    const common = { priceLineVisible: false, lastValueVisible, title: '' };
    if (line.kind === 'histogram') return ctx.chart.addSeries(HistogramSeries, { ...common, color: line.color }, paneIndex);
    const width: LineWidth = 1;
    return ctx.chart.addSeries(
      LineSeries,
      {
        ...common,
        color: line.color,
        lineWidth: width,
        lineStyle: line.dashed === true ? LineStyle.Dashed : LineStyle.Solid,
        crosshairMarkerVisible: false,
      },
      paneIndex,
    );
  }

  private applyPrecision(d: Drawn, format: ViewFormat): void {
    const decimals = tickDecimals(format.tickSize);
    const priceFormat =
      d.def.unit === 'price'
        ? { type: 'price' as const, precision: decimals, minMove: format.tickSize }
        : d.def.unit === 'volume'
          ? { type: 'volume' as const }
          : {
              type: 'price' as const,
              precision: d.def.id === 'rsi' ? 2 : Math.max(2, decimals + 1),
              minMove: d.def.id === 'rsi' ? 0.01 : 10 ** -Math.max(2, decimals + 1),
            };
    for (const s of d.series) s.applyOptions({ priceFormat });
  }

  private recompute(d: Drawn): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    d.compute = d.def.create(ctx.format().timeZone);
    d.values = d.def.lines.map(() => new Array<number>(this.candles.length));
    this.candles.forEach((c, bar) => {
      const values = d.compute(c, false);
      d.values.forEach((column, i) => (column[bar] = values[i] ?? NaN));
    });
    this.draw(d);
  }

  /** Hands the series the window's bars of the computed values. */
  private draw(d: Drawn): void {
    const start = this.ctx?.drawnFrom() ?? 0;
    d.def.lines.forEach((line, i) => {
      const column = d.values[i] ?? [];
      const points = new Array<Point>(Math.max(0, this.candles.length - start));
      for (let bar = start; bar < this.candles.length; bar++)
        points[bar - start] = this.point(line, this.walls[bar] ?? this.candles[bar]?.time ?? 0, column[bar] ?? NaN);
      d.series[i]?.setData(points);
    });
  }

  private point(line: LineDef, wall: number, v: number): Point {
    const time = wall as UTCTimestamp;
    if (Number.isNaN(v)) return { time };
    if (line.kind !== 'histogram') return { time, value: v };
    const theme = this.ctx?.theme();
    return { time, value: v, color: v >= 0 ? (theme?.volumeUp ?? line.color) : (theme?.volumeDown ?? line.color) };
  }

  private remove(ctx: LayerContext, d: Drawn): void {
    // NOTE: lightweight-charts removes a pane once its last series is gone.
    for (const s of d.series) ctx.chart.removeSeries(s);
  }
}
