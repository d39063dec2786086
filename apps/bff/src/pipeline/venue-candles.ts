import { bucketStart, nextBucketStart, toCandle, toCandleUpdate, toUnits, type CandleEvent, type CandleState } from '@candlewire/market';
import { isInterval, type Candle, type Interval } from '@candlewire/protocol';
import type { SourceCandle } from '../sources/types';
import { recordRevision, watermarkOf, type SymbolState } from './symbol-state';
import type { AggregateOutlet } from './throttle-stage';

/** What applying a venue candle needs from the aggregate stage. */
export interface VenueCandleContext {
  /** Where forming candles, revisions and quote changes go (the throttle stage). */
  out: AggregateOutlet;
  /** Publishes aggregator events (closes the earlier buckets when a venue candle opens a later one). */
  onCandles(s: SymbolState, interval: Interval, events: CandleEvent[], at: number): void;
}

const finite = (...values: number[]): boolean => values.every((v) => Number.isFinite(v));

/** True when `c` is a well-formed candle of a bucket of its interval for `s`'s instrument. */
export function isValidVenueCandle(s: SymbolState, c: SourceCandle): c is SourceCandle & { interval: Interval } {
  if (typeof c.interval !== 'string' || !isInterval(c.interval)) return false;
  const { time, open, high, low, close, volume } = c.candle;
  if (!finite(time, open, high, low, close, volume) || volume < 0 || open <= 0 || low <= 0) return false;
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) return false;
  return Number.isInteger(time) && bucketStart(c.interval, time * 1000, s.instrument.timezone) === time;
}

/**
 * Replaces a bucket's values with the venue's candle: the forming bucket (or a later one, which
 * closes the buckets before it) becomes the aggregator's forming state; a bucket already closed
 * is published again as a revised closed candle (same `time`) and kept for REST.
 */
export function applyVenueCandle(ctx: VenueCandleContext, s: SymbolState, interval: Interval, candle: Candle, at: number): void {
  const { timezone } = s.instrument;
  const agg = s.aggregators[interval];
  const state: CandleState = {
    time: candle.time,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    units: toUnits(candle.volume, s.decimals),
  };
  const forming = agg.current();
  const endMs = nextBucketStart(interval, state.time, timezone) * 1000;
  const watermark = watermarkOf(s);
  const open = forming !== null ? state.time >= forming.time && endMs > watermark : endMs > watermark;
  if (open) {
    if (forming === null || state.time > forming.time) ctx.onCandles(s, interval, agg.advance(state.time * 1000), at);
    agg.seed(state, null);
    ctx.out.forming(s, interval, toCandleUpdate(state, s.decimals, false), at);
    return;
  }
  const revised = toCandle(state, s.decimals);
  recordRevision(s, interval, revised);
  // NOTE: published directly, never throttled: a pending forming state of a later bucket stays pending.
  ctx.out.revision(s, interval, toCandleUpdate(state, s.decimals, true));
  if (interval === '1d' && state.time >= (s.prevCloseTime ?? -Infinity) && state.time < bucketStart('1d', watermark, timezone)) {
    s.prevClose = state.close;
    s.prevCloseTime = state.time;
    ctx.out.quoteChanged(s);
  }
}
