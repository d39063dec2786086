import type { CandleState } from '@candlewire/market';
import type { Rng } from './rng';

/**
 * Trade-time offsets (ms within the minute) of n trades: `first` and `last` fixed, the n − 2
 * others uniform in between, sorted.
 * NOTE: sorted uniforms come from normalized cumulative exponential spacings: O(n), no sort.
 */
export function fillInteriorTimes(rng: Rng, n: number, first: number, last: number): Float64Array {
  const times = new Float64Array(n);
  times[0] = first;
  if (n === 1) return times;
  times[n - 1] = last;
  if (n === 2) return times;
  // Cumulative spacings, n − 1 gaps for n − 2 interior points.
  let total = 0;
  for (let i = 1; i < n; i += 1) {
    total += rng.exponential();
    times[i] = total;
  }
  const norm = total;
  const span = last - first;
  for (let i = 1; i < n - 1; i += 1) {
    const offset = first + Math.floor((span * (times[i] ?? 0)) / norm);
    times[i] = Math.min(last, offset);
  }
  times[n - 1] = last;
  return times;
}

/**
 * Prices of the trades of a minute, realising `summary` exactly: the first is `open`, the
 * last `close`, one trade sits at `high` and one at `low`, all on the tick inside [low, high].
 * The interior follows a Brownian bridge open → close (σ per √ms in price units), whose
 * excursions beyond the endpoints are stretched so its extremes land on high and low.
 * `toTick` rounds a price to the instrument's tick.
 */
export function fillInteriorPrices(
  rng: Rng,
  summary: CandleState & { n: number },
  times: Float64Array,
  sigmaAbs: number,
  toTick: (price: number) => number,
): Float64Array {
  const { n, open, close, high, low } = summary;
  const prices = new Float64Array(n);
  prices[0] = open;
  if (n === 1) return prices;
  prices[n - 1] = close;
  if (n === 2) return prices;
  const end = times[n - 1] ?? 0;
  let x = open;
  let iMax = 1;
  let iMin = 1;
  for (let i = 1; i < n - 1; i += 1) {
    const tPrev = times[i - 1] ?? 0;
    const dt = (times[i] ?? 0) - tPrev;
    const rem = end - tPrev;
    const z = rng.normal();
    if (rem > 0) {
      x += ((close - x) * dt) / rem + sigmaAbs * Math.sqrt((dt * (rem - dt)) / rem) * z;
    }
    prices[i] = x;
    if (x > (prices[iMax] ?? x)) iMax = i;
    if (x < (prices[iMin] ?? x)) iMin = i;
  }
  const top = Math.max(open, close);
  const bottom = Math.min(open, close);
  const peak = prices[iMax] ?? top;
  const trough = prices[iMin] ?? bottom;
  const wantHigh = high > top;
  const wantLow = low < bottom;
  if (wantHigh && wantLow && iMax === iMin) {
    // NOTE: only when every interior value is equal (zero-length minute); n ≥ 4 here, since
    // a 3-trade summary never has both extremes beyond its endpoints.
    iMin = iMax === 1 ? 2 : 1;
  }
  for (let i = 1; i < n - 1; i += 1) {
    let v = prices[i] ?? open;
    if (v > top) v = wantHigh && peak > top ? top + ((v - top) * (high - top)) / (peak - top) : top;
    else if (v < bottom) v = wantLow && trough < bottom ? bottom - ((bottom - v) * (bottom - low)) / (bottom - trough) : bottom;
    v = toTick(v);
    prices[i] = v > high ? high : v < low ? low : v;
  }
  if (wantHigh) prices[iMax] = high;
  if (wantLow) prices[iMin] = low;
  return prices;
}

/**
 * Sizes (in lots, each ≥ 1) of n trades summing exactly to `totalLots` (≥ n): one lot each
 * plus the excess shared out in proportion to heavy-tailed (lognormal) weights.
 */
export function fillSizes(rng: Rng, n: number, totalLots: number): Float64Array {
  const lots = new Float64Array(n);
  const excess = Math.max(0, Math.round(totalLots) - n);
  let weightSum = 0;
  for (let i = 0; i < n; i += 1) {
    const w = Math.exp(0.9 * rng.normal());
    lots[i] = w;
    weightSum += w;
  }
  let given = 0;
  for (let i = 0; i < n; i += 1) {
    const share = Math.floor((excess * (lots[i] ?? 0)) / weightSum);
    lots[i] = 1 + share;
    given += share;
  }
  // NOTE: the rounding remainder (< n) goes one lot each to consecutive trades from a random start.
  let remainder = excess - given;
  const start = rng.int(n);
  for (let j = 0; j < remainder; j += 1) {
    const i = (start + j) % n;
    lots[i] = (lots[i] ?? 1) + 1;
  }
  // Float rounding could in theory over-allocate by a lot or two: take them back.
  for (let i = 0; remainder < 0 && i < n; i += 1) {
    while (remainder < 0 && (lots[i] ?? 1) > 1) {
      lots[i] = (lots[i] ?? 1) - 1;
      remainder += 1;
    }
  }
  return lots;
}
