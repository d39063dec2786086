/** Binds a chart's indicator settings to its indicator layer. */
import { useEffect } from 'react';
import { useLayer } from '../use-layer';
import type { ChartController } from '../chart-controller';
import type { IndicatorId } from '../chart-settings';
import { IndicatorLayer } from './indicator-layer';

/** The chart's indicator layer (null until the chart exists), showing exactly `ids`; price-pane lines hidden in percent mode. */
export function useIndicatorLayer(
  controller: ChartController | null,
  ids: readonly IndicatorId[],
  percent: boolean,
): IndicatorLayer | null {
  const layer = useLayer(controller, () => new IndicatorLayer());
  useEffect(() => layer?.setActive(ids), [layer, ids]);
  useEffect(() => layer?.setOverlaysShown(!percent), [layer, percent]);
  useEffect(() => {
    if (controller === null || layer === null) return undefined;
    // NOTE: one request per oldest bar: a page that brings nothing older ends the loop.
    let askedAt: number | null = null;
    const check = (): void => {
      const oldest = controller.painted[0]?.time ?? null;
      if (oldest === null || oldest === askedAt || !layer.wantsOlderHistory()) return;
      askedAt = oldest;
      void controller.loadOlder();
    };
    check();
    return controller.signal.subscribe(check);
  }, [controller, layer, ids]);
  return layer;
}
