import { tickDecimals, toUnits, volumeDecimals, type CandleState, type Instrument } from '@candlewire/market';
import type { SourceTrade } from '../types';
import { createIntensity, type Intensity, type SimSessions } from './intensity';
import { createPricePath, type PricePath } from './price-path';
import { profileFor, type SimProfile } from './profiles';
import { hashString, mix, Rng } from './rng';
import { fillInteriorPrices, fillInteriorTimes, fillSizes } from './minute-fill';
import { createPackedTrades, unpackTrade, type PackedTrades } from './packed-trades';

/** Trade ids are `minute * TRADE_ID_STRIDE + i`, so at most this many trades per minute. */
export const TRADE_ID_STRIDE = 100_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const STREAM_SUMMARY = 1;
const STREAM_TRADES = 2;

/** The summary of one simulated (symbol, UTC minute): its 1-minute candle plus trade count and span. */
export interface MinuteSummary extends CandleState {
  /** Number of trades (≥ 1). */
  n: number;
  /** Offset of the first trade in the minute, ms. */
  firstMs: number;
  /** Offset of the last trade in the minute, ms. */
  lastMs: number;
}

/** The generator of one instrument: minute summaries and the trades that realise them. */
export interface MinuteModel {
  readonly instrument: Instrument;
  readonly profile: SimProfile;
  readonly path: PricePath;
  readonly intensity: Intensity;
  /** Summary of UTC minute `minute` (epoch ms / 60000), or null when it has no trade. */
  summary(minute: number): MinuteSummary | null;
  /** The trades of UTC minute `minute`, in time order, realising `summary(minute)` exactly. */
  trades(minute: number): SourceTrade[];
  /** The same trades, packed (what the live feed holds until it delivers them). */
  packedTrades(minute: number): PackedTrades;
}

/**
 * A fast equivalent of `roundToTick(price, tick)` (same result, no toFixed): with
 * tick = T / 10^d, the multiple k·tick is written k·T / 10^d, and an integer divided by an
 * exact power of ten is the correctly rounded double of that decimal.
 */
export function createTickRounder(tick: number): (price: number) => number {
  const scale = 10 ** tickDecimals(tick);
  const steps = Math.round(tick * scale);
  return (price) => (Math.round(price / tick) * steps) / scale;
}

/** Options of `createMinuteModel`. */
export interface MinuteModelOptions {
  seedHash: number;
  instrument: Instrument;
  sessions: SimSessions;
  /** Overrides the profile's average trades per second. */
  tradesPerSec?: number | undefined;
}

/** Creates the per-minute generator of one instrument. */
export function createMinuteModel(options: MinuteModelOptions): MinuteModel {
  const { seedHash, instrument, sessions } = options;
  const profile = profileFor(instrument);
  const key = mix(seedHash, 7, hashString(instrument.symbol));
  const path = createPricePath(key, profile);
  const baseRate = options.tradesPerSec ?? profile.tradesPerSec;
  // NOTE: an explicit rate is for load tests: with sessions 'always' it is flat at every hour.
  const flat = options.tradesPerSec !== undefined && sessions === 'always';
  const intensity = createIntensity({ key, instrument, baseRate, sessions, path, flat });
  const tick = instrument.tickSize;
  const decimals = volumeDecimals(instrument);
  const lotUnits = Math.max(1, toUnits(instrument.lot, decimals));
  const unitScale = 10 ** decimals;
  // Variance of the intra-minute Brownian motion per ms, relative to price².
  const relVarPerMs = (profile.dailyVol * profile.dailyVol) / DAY_MS;

  const toTick = createTickRounder(tick);
  const onTick = (price: number): number => Math.max(tick, toTick(price));

  function summary(minute: number): MinuteSummary | null {
    const rate = intensity.ratePerSec(minute);
    if (rate <= 0) return null;
    const rng = new Rng(mix(key, STREAM_SUMMARY, minute));
    const n = Math.min(TRADE_ID_STRIDE, rng.poisson(rate * 60));
    if (n === 0) return null;
    const t0 = minute * MINUTE_MS;
    // NOTE: order statistics drawn directly: the max of n uniforms is U^(1/n); the min of the
    // n − 1 others, uniform below it, is max·(1 − U^(1/(n−1))). Trades fill the rest later.
    let firstMs: number;
    let lastMs: number;
    if (n === 1) {
      firstMs = lastMs = Math.floor(MINUTE_MS * rng.next());
    } else {
      lastMs = Math.min(MINUTE_MS - 1, Math.floor(MINUTE_MS * rng.next() ** (1 / n)));
      firstMs = Math.floor(lastMs * (1 - rng.next() ** (1 / (n - 1))));
    }
    const open = onTick(path.price(t0 + firstMs));
    const close = n === 1 ? open : onTick(path.price(t0 + lastMs));
    let high = Math.max(open, close);
    let low = Math.min(open, close);
    // Always draw the same number of values, whatever n is (keeps streams aligned).
    const uHigh = rng.nextOpen();
    const uLow = rng.nextOpen();
    const uPick = rng.next();
    const zSize = rng.normal();
    if (n >= 3) {
      // NOTE: the max of a Brownian bridge a → b over T exceeds m with probability
      // exp(−2(m−a)(m−b)/(σ²T)); solving for m at a uniform draw gives the extreme. The
      // factor (n−2)/(n+1) shrinks it towards what n discrete trades would actually touch.
      const mid = (open + close) / 2;
      const scale = mid * mid * relVarPerMs * (lastMs - firstMs) * ((n - 2) / (n + 1));
      const gap = (open - close) * (open - close);
      const top = (open + close + Math.sqrt(gap - 2 * scale * Math.log(uHigh))) / 2;
      const bottom = (open + close - Math.sqrt(gap - 2 * scale * Math.log(uLow))) / 2;
      high = Math.max(high, onTick(top));
      low = Math.min(low, onTick(bottom));
      // A single interior trade can realise one new extreme, not both.
      if (n === 3 && high > Math.max(open, close) && low < Math.min(open, close)) {
        if (uPick < 0.5) high = Math.max(open, close);
        else low = Math.min(open, close);
      }
    }
    // NOTE: total size in lots: n lots minimum plus a lognormal excess around the profile's
    // mean, noisier for quiet minutes (≈ the sum of n heavy-tailed trade sizes).
    const spread = Math.min(1.2, 1.2 / Math.sqrt(n));
    const excess = (profile.lots - 1) * n * Math.exp(spread * zSize - (spread * spread) / 2);
    const lots = n + Math.max(0, Math.round(excess));
    return { time: minute * 60, open, high, low, close, units: lots * lotUnits, n, firstMs, lastMs };
  }

  function packedTrades(minute: number): PackedTrades {
    const s = summary(minute);
    if (s === null) return createPackedTrades(instrument.symbol, 0);
    const { n } = s;
    const rng = new Rng(mix(key, STREAM_TRADES, minute));
    const times = fillInteriorTimes(rng, n, s.firstMs, s.lastMs);
    const sigmaAbs = ((s.open + s.close) / 2) * Math.sqrt(relVarPerMs);
    const prices = fillInteriorPrices(rng, s, times, sigmaAbs, toTick);
    const lots = fillSizes(rng, n, s.units / lotUnits);
    const t0 = minute * MINUTE_MS;
    const out = createPackedTrades(instrument.symbol, n);
    let buy = rng.next() < 0.5;
    for (let i = 0; i < n; i += 1) {
      const price = prices[i] ?? s.close;
      const prev = i === 0 ? price : (prices[i - 1] ?? price);
      // NOTE: tick rule with noise: upticks are mostly buyer-initiated, downticks sellers.
      const u = rng.next();
      if (price > prev) buy = u < 0.85;
      else if (price < prev) buy = u >= 0.85;
      else if (u < 0.4) buy = !buy;
      const spreadTicks = 1 + Math.floor(rng.next() * profile.spreadTicks);
      const size = ((lots[i] ?? 1) * lotUnits) / unitScale;
      const away = toTick(price + (buy ? -spreadTicks : spreadTicks) * tick);
      out.id[i] = minute * TRADE_ID_STRIDE + i;
      out.price[i] = price;
      out.size[i] = size;
      out.buy[i] = buy ? 1 : 0;
      out.time[i] = t0 + (times[i] ?? s.lastMs);
      out.bid[i] = buy ? Math.max(0, away) : price;
      out.ask[i] = buy ? price : away;
    }
    return out;
  }

  function trades(minute: number): SourceTrade[] {
    const packed = packedTrades(minute);
    return Array.from({ length: packed.length }, (_, i) => unpackTrade(packed, i));
  }

  return { instrument, profile, path, intensity, summary, trades, packedTrades };
}
