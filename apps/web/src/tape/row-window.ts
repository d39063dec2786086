/**
 * Which rows of a long list of equal-height rows are on screen (pure): the tape renders only
 * those, plus a margin, and pads the list to its full height, so a 150-row tape costs the DOM,
 * layout and paint of the ~30 rows a trader can see.
 */

/** The rows to render, `[start, end)`, and the padding that stands in for the others. */
export interface RowWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/** Rows rendered before the list's size is known (the first frame). */
export const FIRST_ROWS = 40;
/** Rows rendered beyond each edge of the viewport, so a scroll never shows a gap. */
export const OVERSCAN = 8;

/** The window of `count` rows of `rowPx` each, scrolled to `scrollTop` in a `viewportPx` tall box. */
export function rowWindow(count: number, scrollTop: number, viewportPx: number, rowPx: number): RowWindow {
  if (!(rowPx > 0) || !(viewportPx > 0)) return { start: 0, end: Math.min(count, FIRST_ROWS), padTop: 0, padBottom: 0 };
  const end = Math.min(count, Math.ceil((Math.max(0, scrollTop) + viewportPx) / rowPx) + OVERSCAN);
  const start = Math.min(end, Math.max(0, Math.floor(Math.max(0, scrollTop) / rowPx) - OVERSCAN));
  return { start, end, padTop: start * rowPx, padBottom: (count - end) * rowPx };
}
