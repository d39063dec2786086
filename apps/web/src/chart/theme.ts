/**
 * Chart colours: CSS variables (`--chart-bg`, `--chart-text`, `--chart-grid`, `--chart-up`,
 * `--chart-down`, …) when the shell defines them, else a built-in dark or light palette.
 */

/** Colours the chart paints with. */
export interface ChartTheme {
  mode: 'dark' | 'light';
  background: string;
  text: string;
  muted: string;
  grid: string;
  border: string;
  crosshair: string;
  up: string;
  down: string;
  volumeUp: string;
  volumeDown: string;
}

/** TradingView-like dark palette (the default). */
export const DARK: ChartTheme = {
  mode: 'dark',
  background: '#131722',
  text: '#d1d4dc',
  muted: '#787b86',
  grid: 'rgba(42, 46, 57, 0.6)',
  border: '#2a2e39',
  crosshair: '#758696',
  up: '#26a69a',
  down: '#ef5350',
  volumeUp: 'rgba(38, 166, 154, 0.45)',
  volumeDown: 'rgba(239, 83, 80, 0.45)',
};

/** Light palette. */
export const LIGHT: ChartTheme = {
  mode: 'light',
  background: '#ffffff',
  text: '#131722',
  muted: '#6a6d78',
  grid: 'rgba(42, 46, 57, 0.07)',
  border: '#e0e3eb',
  crosshair: '#9598a1',
  up: '#26a69a',
  down: '#ef5350',
  volumeUp: 'rgba(38, 166, 154, 0.4)',
  volumeDown: 'rgba(239, 83, 80, 0.4)',
};

/** Light or dark, from the page: `data-theme`/`class` on <html> or <body>, else `color-scheme`. */
export function pageMode(): 'dark' | 'light' {
  for (const el of [document.documentElement, document.body]) {
    const attr = el.dataset['theme'] ?? el.dataset['colorScheme'];
    if (attr === 'light' || attr === 'dark') return attr;
    if (el.classList.contains('light') || el.classList.contains('theme-light')) return 'light';
    if (el.classList.contains('dark') || el.classList.contains('theme-dark')) return 'dark';
  }
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  return scheme.trim() === 'light' ? 'light' : 'dark';
}

const VARS: Record<Exclude<keyof ChartTheme, 'mode'>, string> = {
  background: '--chart-bg',
  text: '--chart-text',
  muted: '--chart-muted',
  grid: '--chart-grid',
  border: '--chart-border',
  crosshair: '--chart-crosshair',
  up: '--chart-up',
  down: '--chart-down',
  volumeUp: '--chart-volume-up',
  volumeDown: '--chart-volume-down',
};

/** The theme for `el`: the palette of `mode`, overridden by any `--chart-*` variable in scope. */
export function resolveTheme(el: Element, mode: 'dark' | 'light' = pageMode()): ChartTheme {
  const base = mode === 'light' ? LIGHT : DARK;
  const style = getComputedStyle(el);
  const theme: ChartTheme = { ...base };
  for (const [key, name] of Object.entries(VARS) as [keyof typeof VARS, string][]) {
    const value = style.getPropertyValue(name).trim();
    if (value !== '') theme[key] = value;
  }
  return theme;
}

/** Calls `cb` when <html> or <body> change class, style or data-theme (a theme switch). */
export function observeThemeChanges(cb: () => void): () => void {
  const observer = new MutationObserver(cb);
  const options = { attributes: true, attributeFilter: ['class', 'style', 'data-theme', 'data-color-scheme'] };
  observer.observe(document.documentElement, options);
  observer.observe(document.body, options);
  const media = window.matchMedia('(prefers-color-scheme: light)');
  media.addEventListener('change', cb);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', cb);
  };
}
