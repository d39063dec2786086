import type { SymbolInfo } from '@candlewire/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { symbolsQuery, useSymbolSearch } from '../api/queries';
import { SEARCH_INPUT_ID } from '../lib/focus-search';
import { SYMBOL_PATTERN } from '../lib/intervals';
import { layoutStore } from '../stores/layout-store';
import { selectActiveSymbols, watchlistsStore } from '../stores/watchlists-store';
import { SearchIcon } from './icons';
import { optionId, SearchResults } from './search-results';

/** "No instrument ZZZZ" for symbol-like text, else a quoted phrase. */
function notFound(text: string): string {
  const upper = text.toUpperCase();
  return SYMBOL_PATTERN.test(upper) ? `No instrument ${upper}` : `No instrument matches “${text}”`;
}

/**
 * Symbol search with autocomplete. Enter adds the pick to the current watchlist and shows it on
 * the focused chart; Shift+Enter only shows it on the chart. `/` focuses it (see use-shortcuts).
 */
export function SymbolSearch() {
  const listId = useId();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const query = useDeferredValue(text.trim());
  const search = useSymbolSearch(query, open);
  const results = search.data ?? [];
  const listed = useStore(watchlistsStore, selectActiveSymbols);

  const reset = (): void => {
    setText('');
    setOpen(false);
    setActive(-1);
  };

  const choose = (info: SymbolInfo, addToList: boolean): void => {
    if (addToList) watchlistsStore.getState().addSymbol(info.symbol);
    layoutStore.getState().showSymbol(info.symbol);
    setError(null);
    reset();
  };

  /** Enter without arrow keys: the exact symbol, else the first match, of exactly what was typed. */
  const submit = async (addToList: boolean): Promise<void> => {
    const picked = active >= 0 && !search.isPlaceholderData ? results[active] : undefined;
    if (picked) return choose(picked, addToList);
    const typed = text.trim();
    if (typed === '') return;
    try {
      // NOTE: fetchQuery, not the rendered list: fast typists press Enter before the list catches up.
      const found = await queryClient.fetchQuery(symbolsQuery(typed));
      const match = found.find((s) => s.symbol === typed.toUpperCase()) ?? found[0];
      if (match) choose(match, addToList);
      else {
        setError(notFound(typed));
        setOpen(false);
      }
    } catch (err) {
      setError(`Search failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const showList = open && (text.trim() !== '' || active >= 0);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const n = results.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        setOpen(true);
        if (n === 0) return;
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i < 0 ? (step > 0 ? 0 : n - 1) : (i + step + n) % n));
        return;
      }
      case 'Enter':
        e.preventDefault();
        void submit(!e.shiftKey);
        return;
      case 'Escape':
        e.preventDefault();
        if (showList || error !== null) {
          setOpen(false);
          setError(null);
        } else {
          reset();
          e.currentTarget.blur();
        }
        return;
    }
  };

  return (
    <div className="search" data-open={showList}>
      <SearchIcon className="search-icon" />
      <input
        id={SEARCH_INPUT_ID}
        className="search-input"
        data-testid="symbol-search"
        type="text"
        role="combobox"
        aria-label="Search symbols"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? optionId(listId, active) : undefined}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${listId}-error` : undefined}
        placeholder="Search symbol or name"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
          setError(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
      {error !== null && (
        <div className="search-error" id={`${listId}-error`} role="alert" data-testid="search-error">
          {error}
        </div>
      )}
      {showList && (
        <SearchResults
          id={listId}
          results={results}
          active={active}
          inList={new Set(listed)}
          status={search.isError ? 'error' : search.isPending || search.isFetching ? 'loading' : 'ready'}
          errorMessage={search.error?.message ?? null}
          query={text.trim()}
          onHover={setActive}
          onPick={(i, add) => {
            const info = results[i];
            if (info) choose(info, add);
          }}
        />
      )}
    </div>
  );
}
