/** Id of the symbol search input (one per page). */
export const SEARCH_INPUT_ID = 'symbol-search';

/** Focuses the symbol search and selects its text (the `/` key, the watchlist's "Add symbol"). */
export function focusSymbolSearch(): void {
  const input = document.getElementById(SEARCH_INPUT_ID);
  if (!(input instanceof HTMLInputElement)) return;
  input.focus();
  input.select();
}
