import type { Interval } from '@candlewire/protocol';
import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { isInterval, SYMBOL_PATTERN } from '../lib/intervals';

/** How many charts the grid shows. */
export type ChartCount = 1 | 2 | 4;
/** Layouts the switcher offers. */
export const CHART_COUNTS = [1, 2, 4] as const satisfies readonly ChartCount[];

/** What one chart cell shows. */
export interface ChartSlot {
  symbol: string;
  interval: Interval;
}

/** The chart grid: how many cells, what each shows, which one is focused. */
export interface LayoutState {
  count: ChartCount;
  /** NOTE: always 4 slots, so switching 4 → 1 → 4 brings the same charts back. */
  charts: ChartSlot[];
  focused: number;
  setCount: (count: ChartCount) => void;
  focus: (index: number) => void;
  /** Shows `symbol` on the focused chart. */
  showSymbol: (symbol: string) => void;
  setInterval: (index: number, interval: Interval) => void;
}

const DEFAULT_CHARTS: ChartSlot[] = [
  { symbol: 'AAPL', interval: '1m' },
  { symbol: 'BTC-USDT', interval: '1m' },
  { symbol: '0700.HK', interval: '5m' },
  { symbol: '600519.SH', interval: '15m' },
];

function sanitize(value: unknown): Pick<LayoutState, 'count' | 'charts' | 'focused'> {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const count: ChartCount = raw['count'] === 2 || raw['count'] === 4 ? raw['count'] : 1;
  const stored = Array.isArray(raw['charts']) ? (raw['charts'] as unknown[]) : [];
  const charts = DEFAULT_CHARTS.map((fallback, i) => {
    const slot = stored[i] as Partial<Record<keyof ChartSlot, unknown>> | undefined;
    const symbol = typeof slot?.symbol === 'string' && SYMBOL_PATTERN.test(slot.symbol) ? slot.symbol : fallback.symbol;
    return { symbol, interval: isInterval(slot?.interval) ? slot.interval : fallback.interval };
  });
  const focused = typeof raw['focused'] === 'number' && raw['focused'] >= 0 && raw['focused'] < count ? raw['focused'] : 0;
  return { count, charts, focused };
}

/** Chart layout, persisted in localStorage. */
export const layoutStore = createStore<LayoutState>()(
  persist(
    (set) => ({
      ...sanitize({ count: 1, charts: DEFAULT_CHARTS }),
      setCount: (count) => set((s) => ({ count, focused: s.focused < count ? s.focused : 0 })),
      focus: (index) => set((s) => (index === s.focused || index < 0 || index >= s.count ? s : { focused: index })),
      showSymbol: (symbol) =>
        set((s) => ({ charts: s.charts.map((c, i) => (i === s.focused && c.symbol !== symbol ? { ...c, symbol } : c)) })),
      setInterval: (index, interval) =>
        set((s) => ({ charts: s.charts.map((c, i) => (i === index && c.interval !== interval ? { ...c, interval } : c)) })),
    }),
    {
      name: 'candlewire.layout',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ count, charts, focused }) => ({ count, charts, focused }),
      merge: (persisted, current) => ({ ...current, ...sanitize(persisted) }),
    },
  ),
);
