import type { Candle, CandleUpdate, EpochSec, Interval } from '@candlewire/protocol';
import { INTERVAL_SECONDS } from '@candlewire/protocol';
import { bucketStart, nextBucketStart } from './buckets';
import type { CandleState } from './types';

/** What to do with buckets that saw no trade: a flat candle at the last close, or nothing. */
export type EmptyBucketPolicy = 'flat' | 'skip';

/** Options of `createCandleAggregator`. */
export interface AggregatorOptions {
  interval: Interval;
  timezone: string;
  /** Decimals of the instrument's lot: volumes are summed in units of 10^-volumeDecimals. */
  volumeDecimals: number;
  emptyBuckets: EmptyBucketPolicy;
  /** Gate for flat candles: only buckets for which this returns true get one. */
  isTradingBucket?: (startSec: number) => boolean;
}

/** One candle update: a copy of the candle and whether its bucket is final. */
export interface CandleEvent {
  candle: CandleState;
  closed: boolean;
}

/** A trade as the aggregator takes it; `time` in epoch ms. */
export interface AggregatorTrade {
  price: number;
  size: number;
  time: number;
}

/** Incremental OHLCV builder for one instrument and interval; the one implementation for live and history. */
export interface CandleAggregator {
  /** Adds a trade: returns the buckets it closed (time order), then the forming candle; [] when late. */
  add(trade: AggregatorTrade): CandleEvent[];
  /** Merges a complete finer sub-candle lying inside one bucket (`sub.time` = its start, seconds). */
  addCandle(sub: CandleState): CandleEvent[];
  /** Closes every bucket that ends at or before `nowMs`, with flat fills per the policy. */
  advance(nowMs: number): CandleEvent[];
  /** A copy of the forming bucket, if it has a trade. */
  current(): CandleState | null;
  /** The latest price seen (close of the latest candle), if any. */
  lastClose(): number | null;
  /**
   * Restores state: `forming` becomes the forming bucket; `lastClose` is the price used when
   * `forming` is null (otherwise `forming.close` is); `resumeAt` is the first bucket not yet
   * closed when `forming` is null (so `advance` flat-fills from there), e.g. the bucket after
   * the last stored candle.
   */
  seed(forming: CandleState | null, lastClose: number | null, resumeAt?: EpochSec): void;
  /** How many trades (or sub-candles) arrived for an already closed bucket and were ignored. */
  lateTrades(): number;
}

/** Most buckets one call walks while flat-filling a gap. */
export const MAX_FILL_BUCKETS = 100_000;

/** `size` in integer units of 10^-volumeDecimals. */
export function toUnits(size: number, volumeDecimals: number): number {
  return Math.round(size * 10 ** volumeDecimals);
}

/** The wire candle of a state: volume = units / 10^volumeDecimals. */
export function toCandle(state: CandleState, volumeDecimals: number): Candle {
  // NOTE: an integer divided by an exact power of ten is correctly rounded, i.e. the same
  // double as the decimal literal (3 / 10000 === 0.0003), so no toFixed is needed.
  return {
    time: state.time,
    open: state.open,
    high: state.high,
    low: state.low,
    close: state.close,
    volume: state.units / 10 ** volumeDecimals,
  };
}

/**
 * The wire candle update of a state (`toCandle` plus `closed`), built as one literal.
 * NOTE: not `{ ...toCandle(), closed }`: a spread copy gets its fields out of object (~470 bytes
 * per candle against ~170 here), and the broker holds up to 500 of them per candle channel.
 */
export function toCandleUpdate(state: CandleState, volumeDecimals: number, closed: boolean): CandleUpdate {
  return {
    time: state.time,
    open: state.open,
    high: state.high,
    low: state.low,
    close: state.close,
    volume: state.units / 10 ** volumeDecimals,
    closed,
  };
}

/** Merges two candles, `a` earlier than `b`: a's time and open, b's close, extremes and summed units. */
export function mergeCandles(a: CandleState, b: CandleState): CandleState {
  return {
    time: a.time,
    open: a.open,
    high: Math.max(a.high, b.high),
    low: Math.min(a.low, b.low),
    close: b.close,
    units: a.units + b.units,
  };
}

function copy(state: CandleState): CandleState {
  return { ...state };
}

/** Creates an aggregator; see CandleAggregator for the exact semantics. */
export function createCandleAggregator(options: AggregatorOptions): CandleAggregator {
  const { interval, timezone, volumeDecimals, emptyBuckets, isTradingBucket } = options;
  const fixedLength = interval === '1d' ? 0 : INTERVAL_SECONDS[interval];
  let forming: CandleState | null = null;
  let formingStartMs = 0;
  let formingEndMs = 0;
  /** Start of the earliest bucket not yet closed (the forming one when there is one). */
  let cursor: number | null = null;
  let last: number | null = null;
  let late = 0;

  const next = (start: number): number => nextBucketStart(interval, start, timezone);

  function setForming(state: CandleState): void {
    forming = state;
    formingStartMs = state.time * 1000;
    formingEndMs = next(state.time) * 1000;
    cursor = state.time;
  }

  /** Closes the forming bucket (it must have ended) and moves the cursor past it. */
  function closeForming(events: CandleEvent[]): void {
    if (forming === null) return;
    events.push({ candle: copy(forming), closed: true });
    cursor = formingEndMs / 1000;
    forming = null;
  }

  /** Walks the empty buckets [cursor, target), emitting flat candles per the policy. */
  function fillTo(target: number, events: CandleEvent[]): void {
    if (cursor === null || cursor >= target) return;
    let start = cursor;
    // NOTE: a fixed grid jumps straight to the latest MAX_FILL_BUCKETS buckets of a long gap.
    if (fixedLength > 0 && (target - start) / fixedLength > MAX_FILL_BUCKETS) {
      start = target - MAX_FILL_BUCKETS * fixedLength;
    }
    const price = last;
    for (let steps = 0; start < target && steps < MAX_FILL_BUCKETS; steps += 1) {
      if (emptyBuckets === 'flat' && price !== null && (isTradingBucket?.(start) ?? true)) {
        const flat = { time: start, open: price, high: price, low: price, close: price, units: 0 };
        events.push({ candle: flat, closed: true });
      }
      start = next(start);
    }
    cursor = target;
  }

  /** Routes new data for bucket `start`: late, same bucket, or a later bucket. */
  function place(start: number, merge: (existing: CandleState | null) => CandleState): CandleEvent[] {
    if (cursor !== null && start < cursor) {
      late += 1;
      return [];
    }
    const events: CandleEvent[] = [];
    let state: CandleState;
    if (forming !== null && start === forming.time) {
      state = merge(forming);
      forming = state;
    } else {
      closeForming(events);
      fillTo(start, events);
      state = merge(null);
      setForming(state);
    }
    last = state.close;
    events.push({ candle: copy(state), closed: false });
    return events;
  }

  return {
    add(trade) {
      const { price, size, time } = trade;
      if (!Number.isFinite(price) || !Number.isFinite(size) || !Number.isFinite(time)) return [];
      const units = toUnits(size, volumeDecimals);
      // NOTE: fast path: a trade inside the forming bucket needs no bucket (Intl) math.
      const start =
        forming !== null && time >= formingStartMs && time < formingEndMs ? forming.time : bucketStart(interval, time, timezone);
      return place(start, (existing) =>
        existing === null
          ? { time: start, open: price, high: price, low: price, close: price, units }
          : {
              ...existing,
              high: Math.max(existing.high, price),
              low: Math.min(existing.low, price),
              close: price,
              units: existing.units + units,
            },
      );
    },

    addCandle(sub) {
      // NOTE: a zero-volume sub-candle is a flat fill, i.e. no trades: it must not open a
      // bucket (trades would not have), and merging it into one would change nothing.
      if (sub.units === 0) return [];
      const start = bucketStart(interval, sub.time * 1000, timezone);
      return place(start, (existing) => (existing === null ? { ...sub, time: start } : mergeCandles(existing, { ...sub, time: start })));
    },

    // NOTE: buckets closed here are final and later trades for them count as late, so a
    // live caller whose trades carry upstream timestamps should pass `now - grace`.
    advance(nowMs) {
      const events: CandleEvent[] = [];
      if (forming !== null && formingEndMs <= nowMs) closeForming(events);
      if (forming === null) {
        const target = bucketStart(interval, nowMs, timezone);
        if (cursor === null) cursor = target;
        else fillTo(target, events);
      }
      return events;
    },

    current() {
      return forming === null ? null : copy(forming);
    },

    lastClose() {
      return last;
    },

    seed(seedForming, lastClose, resumeAt) {
      if (seedForming !== null) {
        setForming(copy(seedForming));
        last = seedForming.close;
      } else {
        forming = null;
        cursor = resumeAt ?? null;
        last = lastClose;
      }
    },

    lateTrades() {
      return late;
    },
  };
}
