import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';

/** Colour themes. */
export type Theme = 'dark' | 'light';

/** The colour theme (dark by default), persisted in localStorage. */
export interface ThemeState {
  theme: Theme;
  toggle: () => void;
}

/** The theme store. */
export const themeStore = createStore<ThemeState>()(
  persist((set) => ({ theme: 'dark', toggle: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })) }), {
    name: 'candlewire.theme',
    version: 1,
    storage: createJSONStorage(() => localStorage),
    partialize: ({ theme }) => ({ theme }),
    merge: (persisted, current) => ({
      ...current,
      theme: (persisted as { theme?: unknown } | undefined)?.theme === 'light' ? 'light' : 'dark',
    }),
  }),
);

/**
 * Mirrors the theme on <html data-theme> (CSS variables switch on it; charts can read them).
 * NOTE: called before the first render, so a light-theme user never sees a dark flash.
 */
export function bindThemeToDocument(): () => void {
  const apply = (theme: Theme): void => {
    document.documentElement.dataset['theme'] = theme;
    document.documentElement.style.colorScheme = theme;
  };
  apply(themeStore.getState().theme);
  return themeStore.subscribe((s) => apply(s.theme));
}
