import { useStore } from 'zustand';
import { AlertToasts } from './components/alert-toasts';
import { AlertsPanel } from './components/alerts-panel';
import { AppHeader } from './components/app-header';
import { ChartGrid } from './components/chart-grid';
import { MoversPanel } from './components/movers-panel';
import { ShortcutsHelp } from './components/shortcuts-help';
import { StatusBar } from './components/status-bar';
import { WatchlistPanel } from './components/watchlist-panel';
import './components/pulse.css';
import './desk.css';
import { focusSymbolSearch } from './lib/focus-search';
import { useDeskShortcuts } from './lib/use-desk-shortcuts';
import { useShortcuts } from './lib/use-shortcuts';
import { NarrowTabBar } from './narrow/tab-bar';
import { narrowTabStore } from './narrow/tab-store';
import { AlertDialog, FiredAlertToasts, PriceAlertEngine, PriceAlertsPanel } from './price-alerts';
import { usePulseFeed } from './pulse/use-pulse-feed';
import { TimeAndSales } from './tape/time-and-sales';

/**
 * The dashboard shell: header, sidebar (watchlist, movers, price alerts, market alerts), chart
 * grid, time and sales, status bar, toasts. On narrow screens (≤ 768 px) one panel at a time,
 * picked in the tab bar (`data-tab`).
 */
export function App() {
  useShortcuts(focusSymbolSearch);
  useDeskShortcuts();
  usePulseFeed();
  const tab = useStore(narrowTabStore, (s) => s.tab);
  return (
    <div className="app" data-tab={tab}>
      <AppHeader />
      <div className="app-body">
        <div className="sidebar">
          <WatchlistPanel />
          <MoversPanel />
          <PriceAlertsPanel />
          <AlertsPanel />
        </div>
        <ChartGrid />
        <TimeAndSales />
      </div>
      <NarrowTabBar />
      <StatusBar />
      <AlertToasts />
      <FiredAlertToasts />
      <PriceAlertEngine />
      <AlertDialog />
      <ShortcutsHelp />
    </div>
  );
}
