import { MARKET_IDS, type MarketId } from '@candlewire/market';

/** When a detector speaks up, for one market's symbols. */
export interface Thresholds {
  /** `surge` / `plunge`: the price moved at least this many percent… */
  movePct: number;
  /** …within this many seconds. */
  moveWindowSec: number;
  /** `volume_spike`: the volume of the current window is at least this many times… */
  volumeFactor: number;
  /** …the average of the previous `volumeAvgWindows` windows of this many seconds (UTC-aligned). */
  volumeWindowSec: number;
  volumeAvgWindows: number;
  /** After an alert, the same symbol and kind stay quiet this long: one move is one alert. */
  cooldownSec: number;
}

/** Defaults per market: a stock that moves 1 % in a minute is news; crypto needs 1.5 %. */
export const DEFAULT_THRESHOLDS = {
  US: { movePct: 1, moveWindowSec: 60, volumeFactor: 5, volumeWindowSec: 60, volumeAvgWindows: 20, cooldownSec: 300 },
  CN: { movePct: 1, moveWindowSec: 60, volumeFactor: 5, volumeWindowSec: 60, volumeAvgWindows: 20, cooldownSec: 300 },
  HK: { movePct: 1, moveWindowSec: 60, volumeFactor: 5, volumeWindowSec: 60, volumeAvgWindows: 20, cooldownSec: 300 },
  CRYPTO: { movePct: 1.5, moveWindowSec: 60, volumeFactor: 5, volumeWindowSec: 60, volumeAvgWindows: 20, cooldownSec: 300 },
} as const satisfies Record<MarketId, Thresholds>;

/** Some thresholds of a market; the rest keep their defaults. */
export type ThresholdOverrides = { [K in keyof Thresholds]?: Thresholds[K] | undefined };

/** Per-market thresholds, resolved. */
export type ThresholdTable = Readonly<Record<MarketId, Thresholds>>;

/** Applies overrides (`*` first, then per market; the `ALERT_THRESHOLDS` setting) to the defaults. */
export function resolveThresholds(overrides: Partial<Record<MarketId | '*', ThresholdOverrides>>): ThresholdTable {
  const strip = (o: ThresholdOverrides | undefined): Partial<Thresholds> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));
  const all = strip(overrides['*']);
  const table: Partial<Record<MarketId, Thresholds>> = {};
  for (const id of MARKET_IDS) table[id] = { ...DEFAULT_THRESHOLDS[id], ...all, ...strip(overrides[id]) };
  return table as ThresholdTable;
}
