/** Compare symbols in the legend: colour, close at the crosshair, load state, and a remove button. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useInstruments } from '../../api/queries';
import { formatPrice, tickDecimals } from '../../lib/format';
import type { ChartController } from '../chart-controller';
import { removeCompare } from '../chart-settings';
import type { ChartView } from '../chart-view';
import { COMPARE_COLORS, type CompareLayer } from './compare-layer';
import type { CompareState } from './use-compare';

/** Props of the compare legend. */
export interface CompareLegendProps {
  chartIndex: number;
  view: ChartView;
  controller: ChartController;
  layer: CompareLayer;
  compare: readonly string[];
  states: Readonly<Record<string, CompareState>>;
}

/** One row per compare symbol (`compare-line[data-symbol][data-points][data-state]`, `compare-remove`). */
export function CompareLegend({ chartIndex, view, controller, layer, compare, states }: CompareLegendProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  useEffect(() => view.onCrosshair(setHovered), [view]);
  useSyncExternalStore(controller.signal.subscribe, controller.signal.version);
  const instruments = useInstruments().data;
  if (compare.length === 0) return null;
  const decimals = (symbol: string): number => tickDecimals(instruments?.find((s) => s.symbol === symbol)?.tickSize ?? 0.01);
  const index = hovered ?? controller.painted.length - 1;
  return (
    <div className="cw-ind-legend cw-compare-legend">
      {compare.map((symbol, i) => {
        const state = states[symbol] ?? { status: 'loading' };
        const close = layer.closeAt(symbol, index);
        return (
          <div
            key={symbol}
            className="cw-ind-row"
            data-testid="compare-line"
            data-symbol={symbol}
            data-state={state.status}
            data-points={layer.points(symbol)}
          >
            <span className="cw-menu-swatch" style={{ background: COMPARE_COLORS[i] }} aria-hidden="true" />
            <span>{symbol}</span>
            <span className="cw-ind-value" style={{ color: COMPARE_COLORS[i] }}>
              {state.status === 'error'
                ? state.error
                : state.status === 'loading'
                  ? 'loading…'
                  : Number.isNaN(close)
                    ? '—'
                    : formatPrice(close, decimals(symbol))}
            </span>
            <button
              type="button"
              className="cw-legend-remove"
              data-testid="compare-remove"
              aria-label={`Stop comparing ${symbol}`}
              title={`Stop comparing ${symbol}`}
              onClick={() => removeCompare(chartIndex, symbol)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
