/** Follows a scrolling list's size and position, says which of its rows to render, and keeps a scrolled view in place. */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { rowWindow, type RowWindow } from './row-window';

interface Geometry {
  scrollTop: number;
  viewportPx: number;
  rowPx: number;
}

const UNMEASURED: Geometry = { scrollTop: 0, viewportPx: 0, rowPx: 0 };

/** The height of a row (`li`) of the scroll box `list`, 0 while none is rendered. */
function rowHeight(list: HTMLElement): number {
  return list.querySelector('li')?.getBoundingClientRect().height ?? 0;
}

/**
 * The window of `count` equal-height rows (`li`) in the scroll box `list` (null until it mounts).
 * The row height is read from the first rendered row, so the narrow layout's taller rows need no second constant.
 */
export function useRowWindow(list: HTMLElement | null, count: number): RowWindow {
  const [geometry, setGeometry] = useState<Geometry>(UNMEASURED);
  const hasRows = count > 0;
  useEffect(() => {
    if (list === null || !hasRows) return undefined;
    const measure = (): void => {
      const next = { scrollTop: list.scrollTop, viewportPx: list.clientHeight, rowPx: rowHeight(list) };
      setGeometry((g) => (g.scrollTop === next.scrollTop && g.viewportPx === next.viewportPx && g.rowPx === next.rowPx ? g : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    list.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      list.removeEventListener('scroll', measure);
    };
  }, [list, hasRows]);
  return rowWindow(count, geometry.scrollTop, geometry.viewportPx, geometry.rowPx);
}

/**
 * While the trader has scrolled down a newest-first list, rows arriving on top must not move what
 * they read: the box scrolls down by the rows added (at the top it stays at the top, on the newest).
 */
export function useScrolledViewKept(list: HTMLElement | null, rows: readonly { id: number }[]): void {
  const newest = useRef<number | null>(null);
  useLayoutEffect(() => {
    const before = newest.current;
    newest.current = rows[0]?.id ?? null;
    if (list === null || before === null || list.scrollTop <= 0) return;
    const added = rows.findIndex((r) => r.id === before);
    const rowPx = rowHeight(list);
    if (added > 0 && rowPx > 0) list.scrollTop += added * rowPx;
  }, [list, rows]);
}
