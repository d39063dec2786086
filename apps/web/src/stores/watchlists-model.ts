/** Pure operations on named watchlists (the store wraps these; unit-tested without a DOM). */

/** One named list of symbols, in display order. */
export interface Watchlist {
  id: string;
  name: string;
  symbols: string[];
}

/** Every list plus which one the panel shows. */
export interface WatchlistsData {
  lists: Watchlist[];
  activeId: string;
}

/** The default "Main" list: a few names from each market. */
export const DEFAULT_SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', '600519.SH', '300750.SZ', '0700.HK', '9988.HK', 'BTC-USDT', 'ETH-USDT'];

/** Longest list name we keep. */
export const MAX_NAME_LENGTH = 32;

/** A short unique id. NOTE: not crypto.randomUUID, which is missing on plain-http LAN origins. */
export function newId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The initial state: one list, "Main". */
export function defaultWatchlists(): WatchlistsData {
  return { lists: [{ id: 'main', name: 'Main', symbols: [...DEFAULT_SYMBOLS] }], activeId: 'main' };
}

/** The active list (falls back to the first). */
export function activeList(data: WatchlistsData): Watchlist | undefined {
  return data.lists.find((l) => l.id === data.activeId) ?? data.lists[0];
}

function cleanName(name: string, fallback: string): string {
  const trimmed = name.trim().slice(0, MAX_NAME_LENGTH);
  return trimmed === '' ? fallback : trimmed;
}

function updateList(data: WatchlistsData, id: string, update: (list: Watchlist) => Watchlist): WatchlistsData {
  let changed = false;
  const lists = data.lists.map((l) => {
    if (l.id !== id) return l;
    const next = update(l);
    changed ||= next !== l;
    return next;
  });
  return changed ? { ...data, lists } : data;
}

/** Adds a list and makes it active. */
export function createList(data: WatchlistsData, name: string, id = newId()): WatchlistsData {
  const list = { id, name: cleanName(name, `List ${data.lists.length + 1}`), symbols: [] };
  return { lists: [...data.lists, list], activeId: id };
}

/** Renames a list (blank names are ignored). */
export function renameList(data: WatchlistsData, id: string, name: string): WatchlistsData {
  return updateList(data, id, (l) => ({ ...l, name: cleanName(name, l.name) }));
}

/** Deletes a list; the last list cannot be deleted. The neighbour becomes active. */
export function deleteList(data: WatchlistsData, id: string): WatchlistsData {
  const index = data.lists.findIndex((l) => l.id === id);
  if (index < 0 || data.lists.length <= 1) return data;
  const lists = data.lists.filter((l) => l.id !== id);
  const activeId = data.activeId === id ? (lists[Math.min(index, lists.length - 1)]?.id ?? '') : data.activeId;
  return { lists, activeId };
}

/** Appends a symbol to a list unless it is already there. */
export function addSymbol(data: WatchlistsData, id: string, symbol: string): WatchlistsData {
  return updateList(data, id, (l) => (l.symbols.includes(symbol) ? l : { ...l, symbols: [...l.symbols, symbol] }));
}

/** Removes a symbol from a list. */
export function removeSymbol(data: WatchlistsData, id: string, symbol: string): WatchlistsData {
  return updateList(data, id, (l) => (l.symbols.includes(symbol) ? { ...l, symbols: l.symbols.filter((s) => s !== symbol) } : l));
}

/** Moves the symbol at `from` to index `to` (clamped). */
export function moveSymbol(data: WatchlistsData, id: string, from: number, to: number): WatchlistsData {
  return updateList(data, id, (l) => {
    const target = Math.max(0, Math.min(l.symbols.length - 1, to));
    const symbol = l.symbols[from];
    if (symbol === undefined || target === from) return l;
    const symbols = l.symbols.filter((_, i) => i !== from);
    symbols.splice(target, 0, symbol);
    return { ...l, symbols };
  });
}

/** Repairs persisted data that is missing, corrupt or from an older shape. */
export function sanitizeWatchlists(value: unknown): WatchlistsData {
  if (typeof value !== 'object' || value === null) return defaultWatchlists();
  const raw = value as { lists?: unknown; activeId?: unknown };
  if (!Array.isArray(raw.lists)) return defaultWatchlists();
  const lists: Watchlist[] = [];
  for (const item of raw.lists as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, name, symbols } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string' || !Array.isArray(symbols)) continue;
    const clean = [...new Set(symbols.filter((s): s is string => typeof s === 'string'))];
    lists.push({ id, name: cleanName(name, 'List'), symbols: clean });
  }
  if (lists.length === 0) return defaultWatchlists();
  const activeId = lists.some((l) => l.id === raw.activeId) ? (raw.activeId as string) : (lists[0]?.id ?? '');
  return { lists, activeId };
}
