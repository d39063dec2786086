import type { Interval } from '@candlewire/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { pulseStore } from '../stores/pulse-store';
import './chart.css';
import { ChartController } from './chart-controller';
import { ChartView, type ViewFormat } from './chart-view';
import { tickDecimals } from '../lib/format';
import { useInstruments } from '../api/queries';
import { fetchPage } from './history';
import { ChartLegends, ChartTools, useChartExtras } from './chart-extras';
import { Legend } from './legend';
import { QuoteStrip } from './quote-strip';
import { ErrorPanel, LoadingPanel, StatusBadge } from './overlay';
import { AlertPlaceButton, PriceAlertLines } from './price-alert-lines';
import { observeThemeChanges, resolveTheme } from './theme';
import { zoneCaption } from './time-zone';
import { Toolbar } from './toolbar';
import { useChartClient } from './use-chart-client';
import { useLiveCandles } from './use-live-candles';

/** Props of one chart panel (contract between the app shell and the chart). */
export interface CandleChartProps {
  symbol: string;
  interval: Interval;
  /** The focused chart receives symbol clicks from the watchlist and the `1`–`6` shortcuts. */
  focused: boolean;
  onFocus: () => void;
  onIntervalChange: (interval: Interval) => void;
  /** Grid position: indicators, scale and compare lines are kept per position. */
  chartIndex?: number;
}

interface Parts {
  view: ChartView;
  controller: ChartController;
}

/** A live candlestick chart with a volume pane, in the instrument's exchange time. */
export function CandleChart({ symbol, interval, focused, onFocus, onIntervalChange, chartIndex = 0 }: CandleChartProps) {
  const client = useChartClient();
  const queryClient = useQueryClient();
  const rootRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const [parts, setParts] = useState<Parts | null>(null);

  useEffect(() => {
    const plot = plotRef.current;
    const root = rootRef.current;
    if (plot === null || root === null) return undefined;
    const view = new ChartView(plot, resolveTheme(root));
    const controller = new ChartController(view, (sym, iv, before, limit) => fetchPage(queryClient, sym, iv, before, limit));
    setParts({ view, controller });
    const stopTheme = observeThemeChanges(() => view.applyTheme(resolveTheme(root)));
    return () => {
      stopTheme();
      controller.dispose();
      view.destroy();
      setParts(null);
    };
  }, [queryClient]);

  const symbols = useInstruments();
  const info = symbols.data?.find((s) => s.symbol === symbol);
  const known = symbols.data !== undefined || symbols.isError;
  const tickSize = info?.tickSize ?? 0.01;
  const timeZone = info?.timezone ?? 'UTC';
  const format = useMemo<ViewFormat | null>(() => (known ? { tickSize, timeZone, interval } : null), [known, tickSize, timeZone, interval]);

  const controller = parts?.controller ?? null;
  const { error, retrying, loading } = useLiveCandles({ controller, client, symbol, interval, format });
  // NOTE: alerts of this symbol (`alerts` channel, held by the shell's pulse store) as markers.
  const alerts = useStore(pulseStore, (s) => s.alerts);
  const marks = useMemo(() => alerts.filter((a) => a.symbol === symbol), [alerts, symbol]);
  const view = parts?.view ?? null;
  useEffect(() => view?.setAlertMarks(marks), [view, marks]);
  const lastDataAt = useCallback(() => controller?.lastDataAt ?? null, [controller]);
  // NOTE: a simulated market (`markets[].simulated`) says so next to the chart's zone, too.
  const simulated = useStore(pulseStore, (s) => s.markets?.markets.find((m) => m.id === info?.market)?.simulated === true);
  const zone = `${zoneCaption(timeZone, Date.now() / 1000)}${simulated ? ' · simulated' : ''}`;
  const extras = useChartExtras({ chartIndex, controller, client, interval });
  const [placingAlert, setPlacingAlert] = useState(false);
  const toggleAlertPlacing = useCallback(() => setPlacingAlert((p) => !p), []);
  const decimals = tickDecimals(tickSize);

  return (
    <div
      ref={rootRef}
      className="cw-chart"
      data-testid="chart"
      data-symbol={symbol}
      data-interval={interval}
      data-alerts={marks.length}
      data-focused={focused}
      data-scale-mode={extras.appliedScale ?? undefined}
      data-state={error !== null ? 'error' : loading ? 'loading' : 'ready'}
      onPointerDown={onFocus}
    >
      <Toolbar symbol={symbol} name={info?.name} interval={interval} zone={zone} onIntervalChange={onIntervalChange}>
        <ChartTools extras={extras} symbol={symbol} />
        <AlertPlaceButton placing={placingAlert} onToggle={toggleAlertPlacing} />
      </Toolbar>
      <QuoteStrip symbol={symbol} decimals={decimals} />
      <div className="cw-plot-wrap">
        <div ref={plotRef} className="cw-plot" />
        {parts !== null && error === null && (
          <ChartLegends extras={extras} view={parts.view} controller={parts.controller} decimals={decimals}>
            <Legend view={parts.view} controller={parts.controller} decimals={decimals} />
          </ChartLegends>
        )}
        {parts !== null && error === null && (
          <PriceAlertLines controller={parts.controller} symbol={symbol} placing={placingAlert} onPlacingChange={setPlacingAlert} />
        )}
        {error === null && <StatusBadge client={client} symbol={symbol} lastDataAt={lastDataAt} />}
        {error === null && loading && <LoadingPanel />}
        {error !== null && <ErrorPanel message={error} retrying={retrying} />}
      </div>
    </div>
  );
}
