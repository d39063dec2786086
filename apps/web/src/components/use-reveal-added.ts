import { useEffect, useRef, type RefObject } from 'react';

/**
 * Scrolls a symbol just added to the list into view (a long watchlist would otherwise take it
 * out of sight at the bottom). Switching lists reveals nothing: only additions to the same list.
 */
export function useRevealAdded(listRef: RefObject<HTMLElement | null>, listId: string, symbols: readonly string[]): void {
  const before = useRef<{ listId: string; symbols: readonly string[] }>({ listId, symbols });
  useEffect(() => {
    const prev = before.current;
    before.current = { listId, symbols };
    if (prev.listId !== listId) return;
    const added = symbols.find((s) => !prev.symbols.includes(s));
    if (added === undefined) return;
    const row = listRef.current?.querySelector(`[data-symbol="${CSS.escape(added)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [listRef, listId, symbols]);
}
