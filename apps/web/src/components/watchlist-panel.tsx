import { useCallback, useRef } from 'react';
import { useStore } from 'zustand';
import { focusSymbolSearch } from '../lib/focus-search';
import { layoutStore } from '../stores/layout-store';
import { selectActiveSymbols, watchlistsStore } from '../stores/watchlists-store';
import { PlusIcon } from './icons';
import { useRevealAdded } from './use-reveal-added';
import { WatchlistRow } from './watchlist-row';
import { WatchlistToolbar } from './watchlist-toolbar';

/** Left panel: the active watchlist with live quotes. */
export function WatchlistPanel() {
  const symbols = useStore(watchlistsStore, selectActiveSymbols);
  const listId = useStore(watchlistsStore, (s) => s.activeId);
  const listRef = useRef<HTMLUListElement>(null);
  useRevealAdded(listRef, listId, symbols);
  const current = useStore(layoutStore, (s) => s.charts[s.focused]?.symbol);
  // NOTE: stable callbacks keep memoized rows from re-rendering when the list changes.
  const onSelect = useCallback((symbol: string) => layoutStore.getState().showSymbol(symbol), []);
  const onRemove = useCallback((symbol: string) => watchlistsStore.getState().removeSymbol(symbol), []);
  const onMove = useCallback((from: number, to: number) => watchlistsStore.getState().moveSymbol(from, to), []);

  return (
    <aside className="watchlist-panel" aria-label="Watchlist">
      <WatchlistToolbar />
      <div className="wl-head" aria-hidden="true">
        <span>Symbol</span>
        <span className="num">Last</span>
        <span className="num">Chg %</span>
      </div>
      <ul ref={listRef} className="wl-list" data-testid="watchlist" aria-label="Symbols">
        {symbols.map((symbol, i) => (
          <WatchlistRow
            key={symbol}
            symbol={symbol}
            index={i}
            last={i === symbols.length - 1}
            current={symbol === current}
            onSelect={onSelect}
            onRemove={onRemove}
            onMove={onMove}
          />
        ))}
      </ul>
      {symbols.length === 0 ? (
        <div className="empty-hint" data-testid="watchlist-empty">
          <p>This list is empty.</p>
          <p>
            Press <kbd>/</kbd> to search, then <kbd>Enter</kbd> to add a symbol.
          </p>
        </div>
      ) : (
        <button type="button" className="wl-add" onClick={focusSymbolSearch}>
          <PlusIcon /> Add symbol <kbd>/</kbd>
        </button>
      )}
    </aside>
  );
}
