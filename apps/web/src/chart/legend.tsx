/** Crosshair legend: O H L C V of the hovered (else the latest) candle and its change vs the previous close. */
import type { Candle } from '@candlewire/protocol';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChartController } from './chart-controller';
import type { ChartView } from './chart-view';
import { formatChange, formatChangePct, formatPrice, formatVolume } from '../lib/format';

/** Props of the legend. */
export interface LegendProps {
  view: ChartView;
  controller: ChartController;
  decimals: number;
}

function Field({ label, value, tone }: { label: string; value: string; tone: string }) {
  return (
    <span className="cw-legend-field">
      <span className="cw-legend-label">{label}</span>
      <span className={tone}>{value}</span>
    </span>
  );
}

/** O H L C V and change (abs and %) of one candle, updated live and on crosshair moves. */
export function Legend({ view, controller, decimals }: LegendProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  useEffect(() => view.onCrosshair(setHovered), [view]);
  useSyncExternalStore(controller.signal.subscribe, controller.signal.version);

  const painted = controller.painted;
  const index = hovered ?? painted.length - 1;
  const candle: Candle | undefined = painted[index];
  if (candle === undefined) return <div className="cw-legend" data-testid="chart-legend" />;
  const prev = painted[index - 1];
  const change = prev === undefined ? null : candle.close - prev.close;
  const changePct = prev === undefined || prev.close === 0 || change === null ? null : (change / prev.close) * 100;
  const tone = candle.close >= candle.open ? 'cw-up' : 'cw-down';
  const changeTone = change === null || change === 0 ? 'cw-flat' : change > 0 ? 'cw-up' : 'cw-down';
  const price = (v: number): string => formatPrice(v, decimals);
  return (
    <div className="cw-legend" data-testid="chart-legend">
      <Field label="O" value={price(candle.open)} tone={tone} />
      <Field label="H" value={price(candle.high)} tone={tone} />
      <Field label="L" value={price(candle.low)} tone={tone} />
      <Field label="C" value={price(candle.close)} tone={tone} />
      <Field label="V" value={formatVolume(candle.volume)} tone={tone} />
      {change !== null && (
        <span className={`cw-legend-field ${changeTone}`}>
          {formatChange(change, decimals, '−')} ({formatChangePct(changePct ?? NaN, '−')})
        </span>
      )}
    </div>
  );
}
