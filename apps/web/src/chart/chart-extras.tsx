/**
 * What a chart panel adds around its candles: indicators, the price-scale mode and compare lines
 * (settings per grid position, see `chart-settings.ts`), their toolbar controls and legends.
 */
import type { CandlewireClient } from '@candlewire/client';
import type { Interval } from '@candlewire/protocol';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ChartController } from './chart-controller';
import './chart-extras.css';
import { chartSettingsStore, selectSettings, type ScaleMode } from './chart-settings';
import type { ChartView } from './chart-view';
import { CompareLegend } from './compare/compare-legend';
import { CompareMenu } from './compare/compare-menu';
import { useCompare } from './compare/use-compare';
import { IndicatorLegend } from './indicators/indicator-legend';
import { IndicatorMenu } from './indicators/indicator-menu';
import { useIndicatorLayer } from './indicators/use-indicators';
import { ScaleModeSwitch, useScaleMode } from './scale-mode';

/** Inputs of `useChartExtras`. */
export interface ChartExtrasOptions {
  chartIndex: number;
  controller: ChartController | null;
  client: CandlewireClient | null;
  interval: Interval;
}

/** The extras of one chart, wired to its controller. */
export function useChartExtras({ chartIndex, controller, client, interval }: ChartExtrasOptions) {
  const settings = useStore(chartSettingsStore, selectSettings(chartIndex));
  // NOTE: compare lines only make sense in percent: they force it while present.
  const scale: ScaleMode = settings.compare.length > 0 ? 'percent' : settings.scale;
  const indicators = useIndicatorLayer(controller, settings.indicators, scale === 'percent');
  const appliedScale = useScaleMode(controller, scale);
  const compare = useCompare(controller, client, settings.compare, interval);
  return { chartIndex, settings, scale, appliedScale, indicators, compare };
}

/** What `useChartExtras` returns. */
export type ChartExtras = ReturnType<typeof useChartExtras>;

/** Toolbar controls: indicator menu, scale switch, compare. */
export function ChartTools({ extras, symbol }: { extras: ChartExtras; symbol: string }) {
  const { chartIndex, settings, scale } = extras;
  return (
    <div className="cw-tools">
      <IndicatorMenu chartIndex={chartIndex} active={settings.indicators} />
      <CompareMenu chartIndex={chartIndex} symbol={symbol} compare={settings.compare} />
      <ScaleModeSwitch chartIndex={chartIndex} mode={scale} locked={settings.compare.length > 0} />
    </div>
  );
}

/** Props of the legends column. */
export interface ChartLegendsProps {
  extras: ChartExtras;
  view: ChartView;
  controller: ChartController;
  decimals: number;
  /** The OHLCV legend. */
  children: ReactNode;
}

/** The OHLCV legend with the indicator and compare rows under it. */
export function ChartLegends({ extras, view, controller, decimals, children }: ChartLegendsProps) {
  const { indicators, compare, settings } = extras;
  return (
    <div className="cw-legends">
      {children}
      {indicators !== null && (
        <IndicatorLegend view={view} controller={controller} layer={indicators} active={settings.indicators} decimals={decimals} />
      )}
      {compare.layer !== null && (
        <CompareLegend
          chartIndex={extras.chartIndex}
          view={view}
          controller={controller}
          layer={compare.layer}
          compare={settings.compare}
          states={compare.states}
        />
      )}
    </div>
  );
}
