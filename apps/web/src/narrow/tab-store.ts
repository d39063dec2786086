/** Which panel a narrow screen (≤ 768 px) shows: one at a time, picked in the tab bar. */
import { createStore } from 'zustand/vanilla';
import { layoutStore } from '../stores/layout-store';

/** The panels of the narrow layout, in tab order. */
export const NARROW_TABS = ['chart', 'watchlist', 'movers', 'alerts', 'tape'] as const;
/** One narrow-layout panel. */
export type NarrowTab = (typeof NARROW_TABS)[number];

/** Tab labels. */
export const TAB_LABEL = {
  chart: 'Chart',
  watchlist: 'Watchlist',
  movers: 'Movers',
  alerts: 'Alerts',
  tape: 'Trades',
} as const satisfies Record<NarrowTab, string>;

/** Widest viewport of the narrow layout (also in app.css's media queries). */
export const NARROW_MAX_PX = 768;

/** The tab store (not persisted: a reload starts on the chart). */
export const narrowTabStore = createStore<{ tab: NarrowTab }>()(() => ({ tab: 'chart' }));

/** Shows `tab`. */
export function showTab(tab: NarrowTab): void {
  narrowTabStore.setState({ tab });
}

/** True when the narrow layout is on. */
export function isNarrow(): boolean {
  return typeof matchMedia === 'function' && matchMedia(`(max-width: ${NARROW_MAX_PX}px)`).matches;
}

/**
 * On a narrow screen, picking a symbol (watchlist, movers, alerts) shows the chart it went to.
 * Returns the unsubscribe function.
 */
export function followSymbolPicks(): () => void {
  return layoutStore.subscribe((s, prev) => {
    if (!isNarrow()) return;
    const now = s.charts[s.focused]?.symbol;
    if (now !== prev.charts[prev.focused]?.symbol) showTab('chart');
  });
}
