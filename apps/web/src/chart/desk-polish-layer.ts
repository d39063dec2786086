/**
 * Layout polish of every chart, as a ChartLayer (no edit of the view): the volume pane keeps a
 * margin under the pane separator and above the time axis, so its bars and its top label never
 * run into either.
 */
import type { ChartLayer, LayerContext } from './chart-layers';

/** Fractions of the volume pane left empty above the tallest bar and below the bars. */
export const VOLUME_MARGINS = { top: 0.24, bottom: 0.04 } as const;

/** Applies the margins once attached (the view created its panes before any layer). */
export class DeskPolishLayer implements ChartLayer {
  attach(ctx: LayerContext): void {
    const volume = ctx.chart.panes()[1]?.getSeries()[0];
    volume?.priceScale().applyOptions({ scaleMargins: VOLUME_MARGINS });
  }

  detach(): void {
    // nothing added to the chart: the margins go with it
  }
}
