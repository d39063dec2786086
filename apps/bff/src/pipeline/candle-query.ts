import { bucketStart, nextBucketStart, toCandle, volumeDecimals, type Instrument } from '@candlewire/market';
import { INTERVAL_SECONDS, type Candle, type Interval } from '@candlewire/protocol';
import type { MarketSource } from '../sources/types';
import type { SymbolState } from './symbol-state';

/** Inputs of `queryCandles`: an active symbol's state, or only its instrument when inactive. */
export interface CandleQuery {
  source: MarketSource;
  instrument: Instrument;
  /** Live state; null for an on-demand symbol nobody watches (history only). */
  state: SymbolState | null;
  /** The symbol's watermark (its source's), or now when inactive. */
  watermark: number;
  interval: Interval;
  beforeSec: number;
  limit: number;
}

const bucketEnd = (instrument: Instrument, interval: Interval, sec: number): number =>
  nextBucketStart(interval, bucketStart(interval, sec * 1000, instrument.timezone), instrument.timezone);

/**
 * Candles strictly before `beforeSec`, oldest first, at most `limit`: closed buckets from the
 * source's history with venue revisions on top, then the live forming candle. An inactive symbol
 * gets the source's history including its forming bucket.
 */
export async function queryCandles(q: CandleQuery): Promise<Candle[]> {
  const { source, instrument, state, interval, beforeSec, limit } = q;
  const decimals = state?.decimals ?? volumeDecimals(instrument);
  const current = bucketStart(interval, q.watermark, instrument.timezone);
  const until = Math.min(current, bucketEnd(instrument, interval, Math.min(beforeSec, current + 1) - 1));
  // NOTE: without live state the forming bucket comes from history too: ask up to the watermark.
  const untilMs = state === null ? Math.min(q.watermark, beforeSec * 1000) : until * 1000;
  const span = interval === '1d' ? 86_400 * Math.ceil(limit * 1.5 + 10) : INTERVAL_SECONDS[interval] * limit;
  let out: Candle[] = [];
  // NOTE: session gaps (skipped buckets) can leave a window short: widen it a few times.
  for (let widen = 1; widen <= 16 && out.length < limit; widen *= 4) {
    const rows = await source.history(instrument.symbol, interval, until - span * widen, untilMs);
    out = rows.filter((c) => c.time < beforeSec && (state === null || c.time < until)).map((c) => toCandle(c, decimals));
  }
  if (state === null) return out.slice(-limit);
  const revised = state.revisions.get(interval);
  if (revised !== undefined && revised.size > 0) out = out.map((c) => revised.get(c.time) ?? c);
  const forming = state.aggregators[interval].current();
  if (forming !== null && forming.time === current && forming.time < beforeSec) out.push(toCandle(forming, state.decimals));
  return out.slice(-limit);
}
