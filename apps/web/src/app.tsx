import { AppHeader } from './components/app-header';
import { ChartGrid } from './components/chart-grid';
import { StatusBar } from './components/status-bar';
import { WatchlistPanel } from './components/watchlist-panel';
import { focusSymbolSearch } from './lib/focus-search';
import { useShortcuts } from './lib/use-shortcuts';

/** The dashboard shell: header, watchlist, chart grid, status bar. */
export function App() {
  useShortcuts(focusSymbolSearch);
  return (
    <div className="app">
      <AppHeader />
      <div className="app-body">
        <WatchlistPanel />
        <ChartGrid />
      </div>
      <StatusBar />
    </div>
  );
}
