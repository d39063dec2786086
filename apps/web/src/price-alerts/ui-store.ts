/** Transient UI of price alerts: the open dialog and the toasts of fired alerts (not persisted). */
import { createStore } from 'zustand/vanilla';
import type { AlertDraft, PriceAlert } from './model';

/** The dialog: a new alert (no id) or an edit of one. */
export interface AlertDialogState {
  id: string | null;
  draft: AlertDraft;
}

/** A fired alert as toasted. */
export interface FiredToast {
  key: string;
  alert: PriceAlert;
  price: number;
  at: number;
}

/** How many fired-alert toasts show at once. */
export const MAX_FIRED_TOASTS = 4;

/** Dialog and toasts. */
export interface PriceAlertsUi {
  dialog: AlertDialogState | null;
  toasts: FiredToast[];
}

/** The UI store. */
export const priceAlertsUi = createStore<PriceAlertsUi>()(() => ({ dialog: null, toasts: [] }));

/** Opens the dialog on a new alert for `draft`, or on an existing alert. */
export function openAlertDialog(draft: AlertDraft, id: string | null = null): void {
  priceAlertsUi.setState({ dialog: { id, draft } });
}

/** Closes the dialog. */
export function closeAlertDialog(): void {
  priceAlertsUi.setState({ dialog: null });
}

/** Shows a toast per fired alert, newest on top. */
export function toastFired(alerts: readonly PriceAlert[], price: number, at: number): void {
  const fresh = alerts.map((alert) => ({ key: `${alert.id}@${at}`, alert, price, at }));
  priceAlertsUi.setState((s) => ({ toasts: [...fresh, ...s.toasts].slice(0, MAX_FIRED_TOASTS) }));
}

/** Removes a toast. */
export function dismissFired(key: string): void {
  priceAlertsUi.setState((s) => ({ toasts: s.toasts.filter((t) => t.key !== key) }));
}
