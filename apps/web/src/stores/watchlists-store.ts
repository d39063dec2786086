import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import * as model from './watchlists-model';
import type { WatchlistsData } from './watchlists-model';

/** Watchlists plus their actions (list ids default to the active list). */
export interface WatchlistsState extends WatchlistsData {
  setActive: (id: string) => void;
  createList: (name: string) => void;
  renameList: (id: string, name: string) => void;
  deleteList: (id: string) => void;
  addSymbol: (symbol: string, listId?: string) => void;
  removeSymbol: (symbol: string, listId?: string) => void;
  moveSymbol: (from: number, to: number, listId?: string) => void;
}

const STORAGE_KEY = 'candlewire.watchlists';

/** Named watchlists, persisted in localStorage. */
export const watchlistsStore = createStore<WatchlistsState>()(
  persist(
    (set, get) => {
      const apply = (update: (data: WatchlistsData) => WatchlistsData): void => {
        const { lists, activeId } = get();
        const next = update({ lists, activeId });
        if (next.lists !== lists || next.activeId !== activeId) set({ lists: next.lists, activeId: next.activeId });
      };
      return {
        ...model.defaultWatchlists(),
        setActive: (id) => apply((d) => (d.lists.some((l) => l.id === id) ? { ...d, activeId: id } : d)),
        createList: (name) => apply((d) => model.createList(d, name)),
        renameList: (id, name) => apply((d) => model.renameList(d, id, name)),
        deleteList: (id) => apply((d) => model.deleteList(d, id)),
        addSymbol: (symbol, listId) => apply((d) => model.addSymbol(d, listId ?? d.activeId, symbol)),
        removeSymbol: (symbol, listId) => apply((d) => model.removeSymbol(d, listId ?? d.activeId, symbol)),
        moveSymbol: (from, to, listId) => apply((d) => model.moveSymbol(d, listId ?? d.activeId, from, to)),
      };
    },
    {
      name: STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ lists, activeId }) => ({ lists, activeId }),
      // NOTE: persisted data is validated, not trusted: a corrupt entry falls back to the default list.
      merge: (persisted, current) => ({ ...current, ...model.sanitizeWatchlists(persisted) }),
    },
  ),
);

/** The active list's symbols (stable reference until the list changes). */
export function selectActiveSymbols(state: WatchlistsState): string[] {
  return model.activeList(state)?.symbols ?? EMPTY;
}
const EMPTY: string[] = [];

/** Re-reads the lists when another tab changed them. */
export function syncWatchlistsAcrossTabs(): () => void {
  const onStorage = (event: StorageEvent): void => {
    if (event.key === STORAGE_KEY) void watchlistsStore.persist.rehydrate();
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}
