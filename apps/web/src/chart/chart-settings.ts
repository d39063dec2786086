/**
 * What each chart cell shows besides its candles: indicators, price scale, compare symbols.
 * Persisted in localStorage (`candlewire.chart-settings`), one entry per grid position.
 */
import { createJSONStorage, persist } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { SYMBOL_PATTERN } from '../lib/intervals';

/** Indicators a chart can show, in menu order. */
export const INDICATOR_IDS = ['sma', 'ema', 'vwap', 'bb', 'volma', 'rsi', 'macd'] as const;
/** One indicator's id. */
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** How the price axis maps prices: linear, logarithmic, or percent from the first visible bar. */
export const SCALE_MODES = ['normal', 'log', 'percent'] as const;
/** One scale mode. */
export type ScaleMode = (typeof SCALE_MODES)[number];

/** Compare lines per chart, at most. */
export const MAX_COMPARE = 3;

/** The settings of one chart cell. */
export interface ChartSettings {
  indicators: IndicatorId[];
  scale: ScaleMode;
  compare: string[];
}

/** Settings of a chart nobody configured yet. */
export const DEFAULT_SETTINGS: ChartSettings = Object.freeze({ indicators: [], scale: 'normal', compare: [] });

interface SettingsState {
  /** By grid position ("0".."3"). */
  charts: Record<string, ChartSettings>;
}

const isIndicator = (v: unknown): v is IndicatorId => typeof v === 'string' && (INDICATOR_IDS as readonly string[]).includes(v);
const isScale = (v: unknown): v is ScaleMode => typeof v === 'string' && (SCALE_MODES as readonly string[]).includes(v);

/** The own fields of a stored object (none for anything else). */
function fields(value: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) out.set(key, Reflect.get(value, key));
  return out;
}

/** Settings read back from storage, with anything unknown dropped. */
export function sanitizeSettings(value: unknown): ChartSettings {
  if (typeof value !== 'object' || value === null) return DEFAULT_SETTINGS;
  const raw = fields(value);
  const list = (key: string): unknown[] => {
    const v = raw.get(key);
    return Array.isArray(v) ? v : [];
  };
  const indicators = INDICATOR_IDS.filter((id) => list('indicators').includes(id));
  const compare = [...new Set(list('compare').filter((s): s is string => typeof s === 'string' && SYMBOL_PATTERN.test(s)))].slice(
    0,
    MAX_COMPARE,
  );
  const scale = raw.get('scale');
  return { indicators, scale: isScale(scale) ? scale : 'normal', compare };
}

function sanitizeAll(value: unknown): SettingsState {
  const charts: Record<string, ChartSettings> = {};
  for (const [key, v] of fields(fields(value).get('charts'))) charts[key] = sanitizeSettings(v);
  return { charts };
}

/** The settings store (vanilla zustand, persisted). */
export const chartSettingsStore = createStore<SettingsState>()(
  persist(() => ({ charts: {} }), {
    name: 'candlewire.chart-settings',
    version: 1,
    storage: createJSONStorage(() => localStorage),
    merge: (persisted, current) => ({ ...current, ...sanitizeAll(persisted) }),
  }),
);

function update(chart: number, fn: (s: ChartSettings) => ChartSettings): void {
  chartSettingsStore.setState((s) => ({ charts: { ...s.charts, [chart]: fn(s.charts[chart] ?? DEFAULT_SETTINGS) } }));
}

/** Turns one indicator of chart `chart` on or off (kept in menu order). */
export function toggleIndicator(chart: number, id: IndicatorId): void {
  if (!isIndicator(id)) return;
  update(chart, (s) => {
    const on = s.indicators.includes(id);
    return { ...s, indicators: INDICATOR_IDS.filter((i) => (i === id ? !on : s.indicators.includes(i))) };
  });
}

/** Sets the price scale of chart `chart`. */
export function setScaleMode(chart: number, scale: ScaleMode): void {
  update(chart, (s) => ({ ...s, scale }));
}

/** Adds a compare symbol; false when the chart already compares `MAX_COMPARE` or the symbol is invalid. */
export function addCompare(chart: number, symbol: string): boolean {
  const current = chartSettingsStore.getState().charts[chart] ?? DEFAULT_SETTINGS;
  if (!SYMBOL_PATTERN.test(symbol) || current.compare.length >= MAX_COMPARE) return false;
  if (!current.compare.includes(symbol)) update(chart, (s) => ({ ...s, compare: [...s.compare, symbol] }));
  return true;
}

/** Removes a compare symbol. */
export function removeCompare(chart: number, symbol: string): void {
  update(chart, (s) => ({ ...s, compare: s.compare.filter((c) => c !== symbol) }));
}

/** The settings of chart `chart` (a stable reference until they change). */
export function selectSettings(chart: number): (s: SettingsState) => ChartSettings {
  return (s) => s.charts[chart] ?? DEFAULT_SETTINGS;
}
