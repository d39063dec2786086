import type { SymbolInfo } from '@candlewire/protocol';
import { useEffect, useRef } from 'react';

/** Props of the autocomplete list. */
export interface SearchResultsProps {
  id: string;
  results: SymbolInfo[];
  active: number;
  inList: ReadonlySet<string>;
  status: 'loading' | 'error' | 'ready';
  errorMessage: string | null;
  query: string;
  onHover: (index: number) => void;
  onPick: (index: number, addToList: boolean) => void;
}

/** Id of option `index` of the listbox `listId` (for aria-activedescendant). */
export const optionId = (listId: string, index: number): string => `${listId}-opt-${index}`;

/** The autocomplete dropdown of the symbol search (a listbox). */
export function SearchResults({ id, results, active, inList, status, errorMessage, query, onHover, onPick }: SearchResultsProps) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active]);

  let note: string | null = null;
  if (status === 'error') note = `Search unavailable: ${errorMessage ?? 'request failed'}`;
  else if (results.length === 0) note = status === 'loading' ? 'Searching…' : `No matches for “${query}”`;

  return (
    <div className="search-pop">
      {note !== null ? (
        <div className="search-note" role="status" data-testid="search-note">
          {note}
        </div>
      ) : (
        <ul className="search-list" id={id} role="listbox" aria-label="Matching instruments" ref={listRef}>
          {results.map((info, i) => (
            <li
              key={info.symbol}
              id={optionId(id, i)}
              role="option"
              aria-selected={i === active}
              className="search-option"
              data-testid="search-option"
              data-symbol={info.symbol}
              onMouseEnter={() => onHover(i)}
              // NOTE: mousedown + preventDefault keeps focus in the input (a click would blur it first).
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(i, !e.shiftKey);
              }}
            >
              <span className="opt-symbol">{info.symbol}</span>
              <span className="opt-name">{info.name}</span>
              {inList.has(info.symbol) && (
                <span className="opt-in-list" title="Already in this watchlist">
                  ✓ listed
                </span>
              )}
              <span className="market-badge" data-market={info.market}>
                {info.market}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="search-hint" aria-hidden="true">
        <kbd>↑</kbd>
        <kbd>↓</kbd> move · <kbd>Enter</kbd> add &amp; chart · <kbd>⇧ Enter</kbd> chart only · <kbd>Esc</kbd> close
      </div>
    </div>
  );
}
