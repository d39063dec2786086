import { AlertToasts } from './components/alert-toasts';
import { AlertsPanel } from './components/alerts-panel';
import { AppHeader } from './components/app-header';
import { ChartGrid } from './components/chart-grid';
import { MoversPanel } from './components/movers-panel';
import { StatusBar } from './components/status-bar';
import { WatchlistPanel } from './components/watchlist-panel';
import './components/pulse.css';
import { focusSymbolSearch } from './lib/focus-search';
import { useShortcuts } from './lib/use-shortcuts';
import { usePulseFeed } from './pulse/use-pulse-feed';

/** The dashboard shell: header, sidebar (watchlist, movers, alerts), chart grid, status bar, alert toasts. */
export function App() {
  useShortcuts(focusSymbolSearch);
  usePulseFeed();
  return (
    <div className="app">
      <AppHeader />
      <div className="app-body">
        <div className="sidebar">
          <WatchlistPanel />
          <MoversPanel />
          <AlertsPanel />
        </div>
        <ChartGrid />
      </div>
      <StatusBar />
      <AlertToasts />
    </div>
  );
}
