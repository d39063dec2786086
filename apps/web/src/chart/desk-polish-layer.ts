/**
 * Layout polish of every chart, as a ChartLayer (no edit of the view): the volume pane keeps a
 * margin under the pane separator and above the time axis, so its bars and its top label never
 * run into either. Also the `chartRange` test hook's reader (touch pan and pinch zoom tests).
 */
import type { ChartLayer, LayerContext } from './chart-layers';

/** Fractions of the volume pane left empty above the tallest bar and below the bars. */
export const VOLUME_MARGINS = { top: 0.24, bottom: 0.04 } as const;

/** Applies the margins once attached (the view created its panes before any layer); reports the visible range for tests. */
export class DeskPolishLayer implements ChartLayer {
  private ctx: LayerContext | null = null;

  attach(ctx: LayerContext): void {
    this.ctx = ctx;
    const volume = ctx.chart.panes()[1]?.getSeries()[0];
    volume?.priceScale().applyOptions({ scaleMargins: VOLUME_MARGINS });
  }

  /** The visible range in indexes of the painted bars, or null before data. */
  visibleRange(): { from: number; to: number } | null {
    const ctx = this.ctx;
    const range = ctx?.chart.timeScale().getVisibleLogicalRange() ?? null;
    if (ctx === null || range === null) return null;
    const offset = ctx.drawnFrom();
    return { from: range.from + offset, to: range.to + offset };
  }

  detach(): void {
    // NOTE: nothing was added to the chart: the margins go with it.
    this.ctx = null;
  }
}
