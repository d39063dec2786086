/**
 * Fires price alerts from live quotes while the page is open: watches the quotes store (written
 * by the `quote:` listeners of `useQuote`) and, for each symbol with armed alerts, evaluates the
 * move from the last price seen to the new one. Framework-free.
 */
import type { Quote } from '@candlewire/protocol';
import { quotesStore } from '../stores/quotes-store';
import { firedBy, type PriceAlert } from './model';
import { priceAlertsStore } from './store';

/** What happens when alerts fire (toast, browser notification). */
export type FireHandler = (alerts: PriceAlert[], quote: Quote) => void;

/**
 * Starts evaluating; returns the stop function.
 * NOTE: quotes are throttled per channel (THROTTLE_MS), so a cross is seen between two consecutive
 * quotes: a spike through the level and back within one throttle window is not seen.
 */
export function startAlertEngine(onFire: FireHandler): () => void {
  const lastSeen = new Map<string, number>();
  const evaluate = (quote: Quote): void => {
    const prev = lastSeen.get(quote.symbol) ?? null;
    lastSeen.set(quote.symbol, quote.price);
    const fired = firedBy(priceAlertsStore.getState().alerts, quote.symbol, prev, quote.price);
    if (fired.length === 0) return;
    priceAlertsStore.getState().trigger(
      fired.map((a) => a.id),
      quote.price,
      quote.time,
    );
    onFire(fired, quote);
  };
  const check = (
    bySymbol: Record<string, { quote: Quote | null } | undefined>,
    before: Record<string, { quote: Quote | null } | undefined>,
  ): void => {
    for (const [symbol, entry] of Object.entries(bySymbol)) {
      const quote = entry?.quote ?? null;
      if (quote !== null && quote !== (before[symbol]?.quote ?? null)) evaluate(quote);
    }
  };
  check(quotesStore.getState().bySymbol, {});
  const offQuotes = quotesStore.subscribe((state, prev) => check(state.bySymbol, prev.bySymbol));
  return offQuotes;
}

/** Sends a browser notification when the user allowed them; silently nothing otherwise. */
export function notifyBrowser(title: string, body: string, tag: string): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  try {
    new Notification(title, { body, tag });
    return true;
  } catch {
    // NOTE: Android Chrome only allows notifications through a service worker: the toast remains.
    return false;
  }
}
