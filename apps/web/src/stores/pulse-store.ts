import type { Alert, MarketsData } from '@candlewire/protocol';
import { createStore } from 'zustand/vanilla';

/** How many alerts the dashboard keeps (the channel's snapshot holds 20). */
export const MAX_ALERTS = 50;
/** How many toasts show at once; older ones make room. */
export const MAX_TOASTS = 3;

/** Live market pulse: the `markets` value and the latest alerts. Written by `usePulseFeed` only. */
export interface PulseState {
  markets: MarketsData | null;
  /** Newest first. */
  alerts: Alert[];
  /** Alerts announced as toasts (new ones only, never a snapshot's), newest first. */
  toasts: Alert[];
}

/** The pulse store. */
export const pulseStore = createStore<PulseState>()(() => ({ markets: null, alerts: [], toasts: [] }));

/** Stores a `markets` snapshot or update. */
export function putMarkets(data: MarketsData | null): void {
  if (data !== null) pulseStore.setState({ markets: data });
}

/**
 * An `alerts` snapshot (oldest first, as the channel sends it): replaces the list, no toasts.
 * NOTE: after a reconnect without recovery the snapshot is the truth; alerts seen before and
 * still in it keep their place, none is announced again.
 */
export function putAlertsSnapshot(list: readonly Alert[]): void {
  const alerts = [...list].reverse().slice(0, MAX_ALERTS);
  pulseStore.setState((s) => ({ alerts, toasts: s.toasts.filter((t) => alerts.some((a) => a.id === t.id)) }));
}

/** A new alert: first in the list, and announced. Ignores one already held (same id). */
export function putAlert(alert: Alert): void {
  pulseStore.setState((s) => {
    if (s.alerts.some((a) => a.id === alert.id)) return s;
    return { alerts: [alert, ...s.alerts].slice(0, MAX_ALERTS), toasts: [alert, ...s.toasts].slice(0, MAX_TOASTS) };
  });
}

/** Removes a toast (dismissed or timed out). */
export function dismissToast(id: string): void {
  pulseStore.setState((s) => (s.toasts.some((t) => t.id === id) ? { toasts: s.toasts.filter((t) => t.id !== id) } : s));
}
