/** The trader's price alerts, persisted in localStorage (`candlewire.price-alerts`), synced across tabs. */
import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { newId } from '../stores/watchlists-model';
import { MAX_ALERTS, sanitizeAlerts, type AlertDraft, type PriceAlert } from './model';

/** Alerts plus their actions. */
export interface PriceAlertsState {
  /** Oldest first. */
  alerts: PriceAlert[];
  /** Adds an armed alert; `last` is the price known now (the side a crossing starts from). Returns its id. */
  add: (draft: AlertDraft, last: number | null, now: number) => string;
  /** Changes an alert; a changed level or condition re-arms it from `last`. */
  update: (id: string, draft: Partial<AlertDraft>, last: number | null, now: number) => void;
  /** Moves an alert's level (a drag on the chart) and re-arms it. */
  move: (id: string, price: number, last: number | null, now: number) => void;
  remove: (id: string) => void;
  /** Arms a fired alert again from the price known now. */
  rearm: (id: string, last: number | null, now: number) => void;
  /** Marks alerts fired at `price` (they stay listed, disarmed). */
  trigger: (ids: readonly string[], price: number, now: number) => void;
}

const STORAGE_KEY = 'candlewire.price-alerts';

const armed = (a: PriceAlert, last: number | null, now: number): PriceAlert => ({ ...a, refPrice: last, createdAt: now, triggered: null });

/** The price alerts store. */
export const priceAlertsStore = createStore<PriceAlertsState>()(
  persist(
    (set) => {
      const change = (id: string, fn: (a: PriceAlert) => PriceAlert): void => {
        set((s) => (s.alerts.some((a) => a.id === id) ? { alerts: s.alerts.map((a) => (a.id === id ? fn(a) : a)) } : s));
      };
      return {
        alerts: [],
        add: (draft, last, now) => {
          const id = newId();
          const alert: PriceAlert = { id, ...draft, note: draft.note.trim(), createdAt: now, refPrice: last, triggered: null };
          set((s) => ({ alerts: [...s.alerts, alert].slice(-MAX_ALERTS) }));
          return id;
        },
        update: (id, draft, last, now) =>
          change(id, (a) => {
            const next = { ...a, ...draft, note: (draft.note ?? a.note).trim() };
            const rearm = next.price !== a.price || next.condition !== a.condition || next.symbol !== a.symbol;
            return rearm ? armed(next, last, now) : next;
          }),
        move: (id, price, last, now) => change(id, (a) => (a.price === price ? a : armed({ ...a, price }, last, now))),
        remove: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
        rearm: (id, last, now) => change(id, (a) => armed(a, last, now)),
        trigger: (ids, price, now) =>
          set((s) => ({
            alerts: s.alerts.map((a) => (ids.includes(a.id) && a.triggered === null ? { ...a, triggered: { at: now, price } } : a)),
          })),
      };
    },
    {
      name: STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ alerts }) => ({ alerts }),
      // NOTE: persisted data is validated, not trusted (hand-edited or from an older version).
      merge: (persisted, current) => ({ ...current, alerts: sanitizeAlerts((persisted as { alerts?: unknown } | undefined)?.alerts) }),
    },
  ),
);

/** Re-reads the alerts when another tab changed them (so two tabs do not fire stale copies). */
export function syncPriceAlertsAcrossTabs(): () => void {
  const onStorage = (event: StorageEvent): void => {
    if (event.key === STORAGE_KEY) void priceAlertsStore.persist.rehydrate();
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}

/** Symbols with at least one armed alert, sorted (stable input for subscriptions). */
export function armedSymbols(alerts: readonly PriceAlert[]): string[] {
  return [...new Set(alerts.filter((a) => a.triggered === null).map((a) => a.symbol))].sort();
}
