/**
 * Price alerts on a chart: the armed alerts of its symbol as draggable lines (from the persisted
 * store, so every chart of the symbol shows them), and the bell button that places a new one.
 */
import { useEffect, useState } from 'react';
import { conditionFor } from '../price-alerts/model';
import { BellIcon, newAlertOn, priceAlertsStore } from '../price-alerts';
import { openAlertDialog } from '../price-alerts/ui-store';
import { quotesStore } from '../stores/quotes-store';
import type { ChartController } from './chart-controller';
import { DeskPolishLayer } from './desk-polish-layer';
import { PriceAlertLayer } from './price-alert-layer';

/** One alert line as the test hook reports it. */
export interface AlertLineInfo {
  id: string;
  price: number;
  /** y in the chart's plot (px), null when off screen. */
  y: number | null;
  /** Which mounted chart of the symbol (0 = first mounted). */
  chart: number;
}

declare global {
  interface CandlewireTestHooks {
    /** Alert lines on every chart of `symbol`. Read-only. */
    alertLines?(symbol: string): AlertLineInfo[];
    /** Visible logical range of the first chart of `symbol` (bar indexes), or null. Read-only. */
    chartRange?(symbol: string): { from: number; to: number } | null;
  }
}

const mounted = new Map<PriceAlertLayer, { symbol: string; desk: DeskPolishLayer }>();

function readLines(symbol: string): AlertLineInfo[] {
  const out: AlertLineInfo[] = [];
  let chart = 0;
  for (const [layer, m] of mounted) {
    if (m.symbol !== symbol) continue;
    for (const l of layer.levels()) out.push({ ...l, y: layer.coordinateOf(l.id), chart });
    chart++;
  }
  return out;
}

function readRange(symbol: string): { from: number; to: number } | null {
  for (const m of mounted.values()) if (m.symbol === symbol) return m.desk.visibleRange();
  return null;
}

function register(layer: PriceAlertLayer, symbol: string, desk: DeskPolishLayer): () => void {
  const hooks = window.__candlewire ?? (window.__candlewire = { candles: () => [] });
  hooks.alertLines = readLines;
  hooks.chartRange = readRange;
  mounted.set(layer, { symbol, desk });
  return () => mounted.delete(layer);
}

const lastPrice = (symbol: string): number | null => quotesStore.getState().bySymbol[symbol]?.quote?.price ?? null;

/** Props of the alert lines: the chart, its symbol, and the place mode the toolbar button toggles. */
export interface PriceAlertLinesProps {
  controller: ChartController;
  symbol: string;
  placing: boolean;
  onPlacingChange: (placing: boolean) => void;
}

/** Keeps the layer's lines equal to the armed alerts of `symbol`; in place mode the next click on the price pane sets a level. */
export function PriceAlertLines({ controller, symbol, placing, onPlacingChange: setPlacing }: PriceAlertLinesProps) {
  const [layer, setLayer] = useState<PriceAlertLayer | null>(null);

  useEffect(() => {
    const created = new PriceAlertLayer({
      move: (id, price) => priceAlertsStore.getState().move(id, price, lastPrice(symbol), Date.now()),
      place: (price) => {
        setPlacing(false);
        newAlertOn(symbol, price, conditionFor(price, lastPrice(symbol)));
      },
      edit: (id) => {
        const alert = priceAlertsStore.getState().alerts.find((a) => a.id === id);
        if (alert !== undefined) openAlertDialog(alert, id);
      },
    });
    const remove = controller.addLayer(created);
    const desk = new DeskPolishLayer();
    const removePolish = controller.addLayer(desk);
    const unregister = register(created, symbol, desk);
    setLayer(created);
    const sync = (): void =>
      created.setAlerts(priceAlertsStore.getState().alerts.filter((a) => a.symbol === symbol && a.triggered === null));
    sync();
    const off = priceAlertsStore.subscribe(sync);
    return () => {
      off();
      unregister();
      remove();
      removePolish();
      setLayer(null);
    };
  }, [controller, symbol, setPlacing]);

  useEffect(() => {
    layer?.setPlacing(placing);
    if (!placing) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setPlacing(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [layer, placing]);

  return null;
}

/** The toolbar's bell: toggles place mode (`chart-alert-place`). */
export function AlertPlaceButton({ placing, onToggle }: { placing: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="cw-tool cw-alert-btn"
      data-testid="chart-alert-place"
      aria-pressed={placing}
      aria-label={placing ? 'Placing a price alert: click the chart at the level, Esc cancels' : 'Place a price alert'}
      title={
        placing
          ? 'Click the chart at the alert price (Esc cancels)'
          : 'Place a price alert: click, then click the chart at the level. Drag a line to move it, double-click to edit.'
      }
      onClick={onToggle}
    >
      <BellIcon width={13} height={13} />
      <span className="cw-tool-text">{placing ? ' Click a price…' : ' Alert'}</span>
    </button>
  );
}
