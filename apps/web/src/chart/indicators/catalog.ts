/** The indicators a chart offers: how each is computed (packages/market) and drawn. */
import { Bollinger, Ema, localDay, Macd, Rsi, SessionVwap, Sma } from '@candlewire/market';
import type { Candle } from '@candlewire/protocol';
import type { IndicatorId } from '../chart-settings';

/** One drawn line (or histogram) of an indicator. */
export interface LineDef {
  label: string;
  color: string;
  kind: 'line' | 'histogram';
  dashed?: boolean;
}

/** Where an indicator is drawn. */
export type PaneKind = 'price' | 'volume' | 'own';

/** Per bar, one value per line (NaN while warming up); `replace` = a revision of the last bar. */
export type Compute = (bar: Candle, replace: boolean) => number[];

/** How an indicator is computed, drawn and labelled. */
export interface IndicatorDef {
  id: IndicatorId;
  /** Menu text. */
  name: string;
  /** Legend and axis caption, with its parameters. */
  short: string;
  pane: PaneKind;
  /** How legend values read: at the instrument's tick precision, as a volume, or as a plain number. */
  unit: 'price' | 'volume' | 'number';
  lines: readonly LineDef[];
  /** Horizontal guide levels (RSI 30 / 70). */
  levels?: readonly number[];
  /** A fresh computation (per chart and series); `timeZone` is the exchange's. */
  create(timeZone: string): Compute;
}

const n = (v: number | null | undefined): number => v ?? NaN;

/** Colours that read on the dark and the light palette alike. */
const COLORS = {
  sma: '#f7931a',
  ema: '#42a5f5',
  vwap: '#ab47bc',
  bb: '#26a69a',
  volma: '#ffb300',
  rsi: '#7e57c2',
  macd: '#2962ff',
  signal: '#ff6d00',
} as const;

/** Every indicator, in menu order. */
export const INDICATORS: readonly IndicatorDef[] = [
  {
    id: 'sma',
    name: 'Simple moving average',
    short: 'SMA 20',
    pane: 'price',
    unit: 'price',
    lines: [{ label: 'SMA', color: COLORS.sma, kind: 'line' }],
    create: () => {
      const sma = new Sma(20);
      return (bar, replace) => [n(sma.update(bar.close, replace))];
    },
  },
  {
    id: 'ema',
    name: 'Exponential moving average',
    short: 'EMA 50',
    pane: 'price',
    unit: 'price',
    lines: [{ label: 'EMA', color: COLORS.ema, kind: 'line' }],
    create: () => {
      const ema = new Ema(50);
      return (bar, replace) => [n(ema.update(bar.close, replace))];
    },
  },
  {
    id: 'vwap',
    name: 'Volume-weighted price, from the session start',
    short: 'VWAP (session)',
    pane: 'price',
    unit: 'price',
    lines: [{ label: 'VWAP', color: COLORS.vwap, kind: 'line' }],
    create: (timeZone) => {
      const vwap = new SessionVwap(timeZone);
      // NOTE: the first loaded session may start before the history does: its VWAP would be
      // anchored at the wrong bar, so it is left blank (the layer loads older history for it).
      let firstSession: number | null = null;
      let complete = false;
      return (bar, replace) => {
        const value = vwap.update(bar, replace);
        const session = localDay(timeZone, bar.time * 1000).start;
        firstSession ??= session;
        complete ||= session !== firstSession;
        return [complete ? n(value) : NaN];
      };
    },
  },
  {
    id: 'bb',
    name: 'Bollinger bands, 2 deviations',
    short: 'BB 20, 2',
    pane: 'price',
    unit: 'price',
    lines: [
      { label: 'Basis', color: COLORS.bb, kind: 'line', dashed: true },
      { label: 'Upper', color: COLORS.bb, kind: 'line' },
      { label: 'Lower', color: COLORS.bb, kind: 'line' },
    ],
    create: () => {
      const bb = new Bollinger(20, 2);
      return (bar, replace) => {
        const v = bb.update(bar.close, replace);
        return [n(v?.middle), n(v?.upper), n(v?.lower)];
      };
    },
  },
  {
    id: 'volma',
    name: 'Moving average of volume',
    short: 'Vol MA 20',
    pane: 'volume',
    unit: 'volume',
    lines: [{ label: 'Vol MA', color: COLORS.volma, kind: 'line' }],
    create: () => {
      const sma = new Sma(20);
      return (bar, replace) => [n(sma.update(bar.volume, replace))];
    },
  },
  {
    id: 'rsi',
    name: 'Relative strength index',
    short: 'RSI 14',
    pane: 'own',
    unit: 'number',
    lines: [{ label: 'RSI', color: COLORS.rsi, kind: 'line' }],
    levels: [30, 70],
    create: () => {
      const rsi = new Rsi(14);
      return (bar, replace) => [n(rsi.update(bar.close, replace))];
    },
  },
  {
    id: 'macd',
    name: 'Moving average convergence/divergence',
    short: 'MACD 12, 26, 9',
    pane: 'own',
    unit: 'number',
    lines: [
      { label: 'Hist', color: COLORS.macd, kind: 'histogram' },
      { label: 'MACD', color: COLORS.macd, kind: 'line' },
      { label: 'Signal', color: COLORS.signal, kind: 'line' },
    ],
    levels: [0],
    create: () => {
      const macd = new Macd(12, 26, 9);
      return (bar, replace) => {
        const v = macd.update(bar.close, replace);
        return [n(v?.histogram), n(v?.macd), n(v?.signal)];
      };
    },
  },
];

/** The definition of `id`. */
export function indicatorDef(id: IndicatorId): IndicatorDef {
  const def = INDICATORS.find((d) => d.id === id);
  if (def === undefined) throw new Error(`unknown indicator ${id}`);
  return def;
}
