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

declare global {
  interface CandlewireTestHooks {
    /** Alert lines on the charts of `symbol`: id, level and y in the plot (null off screen). Read-only. */
    alertLines?(symbol: string): { id: string; price: number; y: number | null }[];
  }
}

const mounted = new Map<PriceAlertLayer, string>();

function readLines(symbol: string): { id: string; price: number; y: number | null }[] {
  for (const [layer, s] of mounted) if (s === symbol) return layer.levels().map((l) => ({ ...l, y: layer.coordinateOf(l.id) }));
  return [];
}

function register(layer: PriceAlertLayer, symbol: string): () => void {
  const hooks = window.__candlewire;
  if (hooks === undefined) window.__candlewire = { candles: () => [], alertLines: readLines };
  else hooks.alertLines = readLines;
  mounted.set(layer, symbol);
  return () => mounted.delete(layer);
}

const lastPrice = (symbol: string): number | null => quotesStore.getState().bySymbol[symbol]?.quote?.price ?? null;

/** Keeps the layer's lines equal to the armed alerts of `symbol`; renders the place button. */
export function PriceAlertLines({ controller, symbol }: { controller: ChartController; symbol: string }) {
  const [layer, setLayer] = useState<PriceAlertLayer | null>(null);
  const [placing, setPlacing] = useState(false);

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
    const removePolish = controller.addLayer(new DeskPolishLayer());
    const unregister = register(created, symbol);
    setLayer(created);
    const sync = (): void => created.setAlerts(priceAlertsStore.getState().alerts.filter((a) => a.symbol === symbol && a.triggered === null));
    sync();
    const off = priceAlertsStore.subscribe(sync);
    return () => {
      off();
      unregister();
      remove();
      removePolish();
      setLayer(null);
    };
  }, [controller, symbol]);

  useEffect(() => {
    layer?.setPlacing(placing);
    if (!placing) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setPlacing(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [layer, placing]);

  return (
    <div className="cw-alert-tools">
      <button
        type="button"
        className="cw-alert-btn"
        data-testid="chart-alert-place"
        aria-pressed={placing}
        title={placing ? 'Click the chart at the alert price (Esc cancels)' : 'Place a price alert: click, then click the chart at the level. Drag a line to move it, double-click to edit.'}
        onClick={() => setPlacing((p) => !p)}
      >
        <BellIcon />
        <span>{placing ? 'Click a price…' : 'Alert'}</span>
      </button>
    </div>
  );
}
