/**
 * Chart layers: the extension point of a chart panel. A layer adds its own series, panes or price
 * lines to one lightweight-charts instance and is told when the candles, the theme or the
 * instrument format change (indicators, compare lines, price alerts...). Framework-free.
 */
import type { Candle } from '@candlewire/protocol';
import type { IChartApi, ISeriesApi } from 'lightweight-charts';
import type { ChartTheme } from './theme';
import type { ViewFormat } from './chart-view';

/** What a layer may use of its chart. */
export interface LayerContext {
  /** The lightweight-charts instance (add series or panes; never remove the view's own). */
  readonly chart: IChartApi;
  /** The candlestick series on pane 0 (price lines, coordinate ↔ price). */
  readonly price: ISeriesApi<'Candlestick'>;
  /** The element the chart is drawn in (pointer events for drags). */
  readonly container: HTMLElement;
  /** The current colours. */
  theme(): ChartTheme;
  /** The current instrument format (tick size, exchange zone, interval). */
  format(): ViewFormat;
  /**
   * Index in the painted candles of the first bar the chart's series are given (`PaintWindow`):
   * every series starts there, so the chart's logical index 0 is this bar.
   */
  drawnFrom(): number;
}

/**
 * One layer of a chart. Every hook is optional; the view calls them after painting its own series,
 * with chart times (exchange wall-clock seconds, strictly rising) beside the UTC candles.
 */
export interface ChartLayer {
  /** Called once by `ChartView.addLayer`, before any other hook. */
  attach(ctx: LayerContext): void;
  /** All candles were replaced (history, resync, trim): recompute from scratch. */
  paintAll?(candles: readonly Candle[], walls: readonly number[]): void;
  /** The last candle changed (`appended` false) or a new one was appended: update incrementally. */
  paintLive?(candle: Candle, wall: number, appended: boolean): void;
  /** The drawn window moved (a scroll, a zoom, live bars): give the series the bars from `drawnFrom()` again. */
  windowMoved?(): void;
  /** Colours changed. */
  applyTheme?(theme: ChartTheme): void;
  /** Tick size, zone or interval changed (a zone change is followed by `paintAll`). */
  setFormat?(format: ViewFormat): void;
  /** Removes what the layer added to the chart; the layer is not used again. */
  detach(): void;
}

/** The layers of one chart, called in the order they were added. */
export class LayerSet {
  private readonly layers: ChartLayer[] = [];

  constructor(private readonly ctx: LayerContext) {}

  /** Attaches `layer`; returns a function that detaches and removes it. */
  add(layer: ChartLayer): () => void {
    layer.attach(this.ctx);
    this.layers.push(layer);
    return () => {
      const at = this.layers.indexOf(layer);
      if (at === -1) return;
      this.layers.splice(at, 1);
      layer.detach();
    };
  }

  /** Calls `fn` on every layer. */
  each(fn: (layer: ChartLayer) => void): void {
    for (const layer of this.layers) fn(layer);
  }

  /** Detaches every layer (the chart is going away). */
  clear(): void {
    for (const layer of this.layers.splice(0)) layer.detach();
  }
}
