/** The price-scale switch (normal, log, percent) and the layer that applies it to the chart. */
import { PriceScaleMode } from 'lightweight-charts';
import { useEffect, useState } from 'react';
import type { ChartController } from './chart-controller';
import type { ChartLayer, LayerContext } from './chart-layers';
import { SCALE_MODES, setScaleMode, type ScaleMode } from './chart-settings';
import { useLayer } from './use-layer';

const TO_CHART = {
  normal: PriceScaleMode.Normal,
  log: PriceScaleMode.Logarithmic,
  percent: PriceScaleMode.Percentage,
} as const satisfies Record<ScaleMode, PriceScaleMode>;
const LABEL = { normal: 'Lin', log: 'Log', percent: '%' } as const satisfies Record<ScaleMode, string>;
const TITLE = {
  normal: 'Linear price scale',
  log: 'Logarithmic price scale',
  percent: 'Percent from the first visible bar',
} as const satisfies Record<ScaleMode, string>;

/** Applies a scale mode to the price pane's axis. */
export class ScaleLayer implements ChartLayer {
  private ctx: LayerContext | null = null;

  /** Attached by the view. */
  attach(ctx: LayerContext): void {
    this.ctx = ctx;
  }

  /** Sets the mode of the price axis. */
  setMode(mode: ScaleMode): void {
    this.ctx?.chart.priceScale('right', 0).applyOptions({ mode: TO_CHART[mode] });
  }

  /** The mode the chart's axis has now (read back from the chart). */
  mode(): ScaleMode {
    const mode = this.ctx?.chart.priceScale('right', 0).options().mode;
    return SCALE_MODES.find((m) => TO_CHART[m] === mode) ?? 'normal';
  }

  /** Nothing to remove: the axis belongs to the view. */
  detach(): void {
    this.ctx = null;
  }
}

/** Applies `mode` to the chart; returns the mode read back from it (for `data-scale-mode`). */
export function useScaleMode(controller: ChartController | null, mode: ScaleMode): ScaleMode | null {
  const layer = useLayer(controller, () => new ScaleLayer());
  const [applied, setApplied] = useState<ScaleMode | null>(null);
  useEffect(() => {
    if (layer === null) return;
    layer.setMode(mode);
    setApplied(layer.mode());
  }, [layer, mode]);
  return applied;
}

/** Props of the switch. */
export interface ScaleModeSwitchProps {
  chartIndex: number;
  mode: ScaleMode;
  /** Compare lines force percent: the other modes are disabled meanwhile. */
  locked: boolean;
}

/** Three toggle buttons (`scale-mode`, each `data-value` = normal | log | percent). */
export function ScaleModeSwitch({ chartIndex, mode, locked }: ScaleModeSwitchProps) {
  return (
    <div className="cw-scale" role="group" aria-label="Price scale" data-testid="scale-mode" data-mode={mode}>
      {SCALE_MODES.map((m) => (
        <button
          key={m}
          type="button"
          className="cw-interval"
          data-value={m}
          aria-pressed={m === mode}
          disabled={locked && m !== 'percent'}
          title={locked && m !== 'percent' ? 'Compare lines are drawn in percent: remove them for another scale' : TITLE[m]}
          onClick={() => setScaleMode(chartIndex, m)}
        >
          {LABEL[m]}
        </button>
      ))}
    </div>
  );
}
