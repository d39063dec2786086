import type { Interval } from '@candlewire/protocol';
import { lazy, memo, Suspense, useCallback } from 'react';
import { useStore } from 'zustand';
import { layoutStore, type ChartSlot } from '../stores/layout-store';
import { ErrorBoundary } from './error-boundary';

// NOTE: lazy, so the shell (watchlist, search, status) paints before lightweight-charts has loaded.
const CandleChart = lazy(() => import('../chart/candle-chart').then((m) => ({ default: m.CandleChart })));

interface ChartCellProps {
  index: number;
  slot: ChartSlot;
  focused: boolean;
}

const ChartCell = memo(function ChartCell({ index, slot, focused }: ChartCellProps) {
  const onFocus = useCallback(() => layoutStore.getState().focus(index), [index]);
  const onIntervalChange = useCallback((interval: Interval) => layoutStore.getState().setInterval(index, interval), [index]);
  return (
    <section
      className="chart-cell"
      data-focused={focused}
      aria-label={`Chart ${index + 1}: ${slot.symbol} ${slot.interval}${focused ? ' (focused)' : ''}`}
      onPointerDownCapture={onFocus}
    >
      <ErrorBoundary label={`Chart ${slot.symbol}`} resetKey={`${slot.symbol}:${slot.interval}`}>
        <Suspense fallback={<div className="chart-loading">Loading chart…</div>}>
          <CandleChart
            symbol={slot.symbol}
            interval={slot.interval}
            focused={focused}
            onFocus={onFocus}
            onIntervalChange={onIntervalChange}
            chartIndex={index}
          />
        </Suspense>
      </ErrorBoundary>
    </section>
  );
});

/** The 1, 2 or 4 chart grid; a click focuses a chart. */
export function ChartGrid() {
  const count = useStore(layoutStore, (s) => s.count);
  const charts = useStore(layoutStore, (s) => s.charts);
  const focused = useStore(layoutStore, (s) => s.focused);
  return (
    <main className="chart-grid" data-count={count} aria-label="Charts">
      {charts.slice(0, count).map((slot, i) => (
        // NOTE: keyed by position: a cell keeps its chart instance when only its symbol changes.
        <ChartCell key={i} index={i} slot={slot} focused={count > 1 ? i === focused : true} />
      ))}
    </main>
  );
}
