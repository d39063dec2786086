/** Entry points that open the alert dialog: a symbol (watchlist row, chart), or the focused chart (`A`). */
import { layoutStore } from '../stores/layout-store';
import { quotesStore } from '../stores/quotes-store';
import type { AlertCondition } from './model';
import { openAlertDialog } from './ui-store';

/** Opens a new alert on `symbol` at `price` (default: its last price). */
export function newAlertOn(symbol: string, price?: number, condition: AlertCondition = 'crossing'): void {
  const last = quotesStore.getState().bySymbol[symbol]?.quote?.price ?? 0;
  openAlertDialog({ symbol, condition, price: price ?? last, note: '' });
}

/** Opens a new alert on the focused chart's symbol at its last price. */
export function newAlertFor(): void {
  const layout = layoutStore.getState();
  const symbol = layout.charts[layout.focused]?.symbol;
  if (symbol !== undefined) newAlertOn(symbol);
}
