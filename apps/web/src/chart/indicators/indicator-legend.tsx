/** Indicator values at the crosshair (else the latest bar), one row per indicator, under the OHLC legend. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { formatPrice, formatVolume } from '../../lib/format';
import type { ChartController } from '../chart-controller';
import type { IndicatorId } from '../chart-settings';
import type { ChartView } from '../chart-view';
import type { IndicatorDef } from './catalog';
import type { IndicatorLayer, IndicatorReading } from './indicator-layer';

/** Props of the indicator legend. */
export interface IndicatorLegendProps {
  view: ChartView;
  controller: ChartController;
  layer: IndicatorLayer;
  /** Re-render when the chosen indicators change. */
  active: readonly IndicatorId[];
  decimals: number;
}

function formatValue(def: IndicatorDef, v: number, decimals: number): string {
  if (Number.isNaN(v)) return def.id === 'vwap' ? '— (history starts mid-session)' : '—';
  if (def.unit === 'price') return formatPrice(v, decimals);
  if (def.unit === 'volume') return formatVolume(v);
  return v.toFixed(def.id === 'rsi' ? 2 : Math.max(2, decimals + 1));
}

/** The rows; `data-time` is the bar's UTC time, `data-value` each line's raw value (test hooks). */
export function IndicatorLegend({ view, controller, layer, active, decimals }: IndicatorLegendProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  useEffect(() => view.onCrosshair(setHovered), [view]);
  useSyncExternalStore(controller.signal.subscribe, controller.signal.version);
  const painted = controller.painted;
  const index = hovered ?? painted.length - 1;
  const bar = painted[index];
  if (active.length === 0 || bar === undefined) return null;
  const row = ({ def, values }: IndicatorReading, top: number | undefined) => (
    <div
      key={def.id}
      className={top === undefined ? 'cw-ind-row' : 'cw-ind-row cw-pane-legend'}
      style={top === undefined ? undefined : { top }}
      data-indicator={def.id}
    >
      <span className="cw-legend-label">{def.short}</span>
      {def.pane === 'price' && !layer.overlaysDrawn && (
        <span
          className="cw-legend-label"
          title="In percent scale every line is rebased to its own first bar, so price overlays are not drawn"
        >
          (not drawn in % scale)
        </span>
      )}
      {def.lines.map((line, i) => (
        <span
          key={line.label}
          className="cw-ind-value"
          style={{ color: line.color }}
          title={line.label}
          data-line={line.label}
          data-value={values[i]}
        >
          {formatValue(def, values[i] ?? NaN, decimals)}
        </span>
      ))}
    </div>
  );
  const readings = layer.readingsAt(index);
  // NOTE: rows of the volume and own panes sit at the top of their pane (the column starts 6 px down).
  return (
    <div className="cw-ind-legend" data-testid="indicator-legend" data-time={bar.time} data-panes={layer.paneCount()}>
      {readings.filter((r) => r.def.pane === 'price').map((r) => row(r, undefined))}
      {readings.filter((r) => r.def.pane !== 'price').map((r) => row(r, layer.paneTop(r.def.id) - 2))}
    </div>
  );
}
