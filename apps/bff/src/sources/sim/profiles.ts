import type { Instrument } from '@candlewire/market';
import { hashString, mix, unit } from './rng';

/** How one simulated instrument behaves. */
export interface SimProfile {
  /** Reference (long-run centre) price, close to the real one in late 2025. */
  price: number;
  /** Daily volatility of log-price (0.02 = 2 %). */
  dailyVol: number;
  /** Average trades per second during the regular session. */
  tradesPerSec: number;
  /** Mean trade size, in lots. */
  lots: number;
  /** Widest quoted spread, in ticks (each trade's spread is 1…spreadTicks). */
  spreadTicks: number;
}

type Row = readonly [price: number, dailyVol: number, tradesPerSec: number, lots: number, spreadTicks: number];

// NOTE: sizes are in the instrument's lots (US 1 share, CN 100 shares, HK board lots, crypto
// coin fractions), chosen so a typical trade has a realistic notional for that venue.
const TABLE: Readonly<Record<string, Row>> = {
  // US (lot 1 share)
  AAPL: [230, 0.017, 4, 100, 1],
  MSFT: [500, 0.015, 3.5, 60, 1],
  NVDA: [180, 0.028, 5, 150, 1],
  TSLA: [400, 0.038, 5, 80, 2],
  AMZN: [225, 0.02, 3.5, 80, 1],
  GOOGL: [280, 0.019, 3, 80, 1],
  META: [600, 0.022, 3, 40, 2],
  'BRK.B': [500, 0.011, 1, 40, 2],
  JPM: [300, 0.014, 1.5, 60, 1],
  V: [335, 0.013, 1.2, 40, 1],
  AMD: [230, 0.033, 4, 100, 1],
  NFLX: [110, 0.022, 2, 100, 1],
  AVGO: [350, 0.03, 3, 60, 2],
  COST: [900, 0.013, 0.8, 15, 3],
  SPY: [660, 0.009, 5, 120, 1],
  QQQ: [600, 0.012, 4, 100, 1],
  // CN (lot 100 shares)
  '600000.SH': [11.5, 0.014, 1.5, 60, 1],
  '600519.SH': [1450, 0.016, 2, 2, 3],
  '601318.SH': [57, 0.017, 2, 20, 1],
  '600036.SH': [43, 0.015, 2, 25, 1],
  '601398.SH': [7.6, 0.011, 1.5, 120, 1],
  '600900.SH': [28, 0.011, 1, 30, 1],
  '000001.SZ': [11.5, 0.015, 1.5, 60, 1],
  '000858.SZ': [117, 0.02, 1.2, 8, 1],
  '300750.SZ': [380, 0.027, 2.5, 4, 2],
  '002594.SZ': [98, 0.025, 2, 10, 1],
  // HK (board lots)
  '0700.HK': [600, 0.02, 3, 3, 1],
  '9988.HK': [155, 0.03, 3, 8, 1],
  '0005.HK': [105, 0.013, 1.5, 4, 1],
  '1299.HK': [78, 0.018, 1.2, 6, 1],
  '3690.HK': [100, 0.032, 2.5, 10, 1],
  '0941.HK': [87, 0.011, 1, 4, 1],
  '1810.HK': [40, 0.033, 3, 15, 1],
  '0388.HK': [410, 0.02, 1, 4, 1],
  // Crypto (lots are coin fractions)
  'BTC-USDT': [95_000, 0.025, 5, 1000, 5],
  'ETH-USDT': [3100, 0.035, 4.5, 3000, 3],
  'SOL-USDT': [140, 0.045, 3, 5000, 2],
  'BNB-USDT': [900, 0.03, 2, 1000, 2],
  'XRP-USDT': [2.2, 0.045, 2.5, 10_000, 2],
  'DOGE-USDT': [0.16, 0.05, 2, 5000, 2],
  'ADA-USDT': [0.45, 0.045, 1.2, 20_000, 2],
  'AVAX-USDT': [15, 0.05, 1, 5000, 2],
  'LINK-USDT': [14, 0.048, 1, 5000, 2],
  'LTC-USDT': [95, 0.04, 1, 2000, 2],
};

/**
 * A plausible profile for a symbol the table does not know, derived from a hash of the
 * symbol (never of the seed: the seed changes paths, not the character of an instrument).
 */
function fallbackProfile(instrument: Instrument): SimProfile {
  const key = hashString(instrument.symbol);
  const u = (stream: number): number => unit(mix(key, stream, 0));
  // Price between 10 and ~3000 (log-uniform), kept at least 200 ticks above zero.
  const price = Math.max(10 ** (1 + 2.5 * u(1)), instrument.tickSize * 200);
  const notional = 2000 + 18_000 * u(5);
  return {
    price,
    dailyVol: (instrument.market === 'CRYPTO' ? 0.035 : 0.014) + 0.02 * u(2),
    tradesPerSec: 0.5 + 2.5 * u(3),
    lots: Math.min(1_000_000, Math.max(1, Math.round(notional / (price * instrument.lot)))),
    spreadTicks: 1 + Math.floor(2 * u(4)),
  };
}

/** The simulation profile of an instrument: the table row, or a hash-derived fallback. */
export function profileFor(instrument: Instrument): SimProfile {
  const row = TABLE[instrument.symbol];
  if (row === undefined) return fallbackProfile(instrument);
  const [price, dailyVol, tradesPerSec, lots, spreadTicks] = row;
  return { price, dailyVol, tradesPerSec, lots, spreadTicks };
}
