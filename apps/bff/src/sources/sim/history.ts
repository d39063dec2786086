import {
  bucketStart,
  createInstrumentAggregator,
  nextBucketStart,
  type CandleAggregator,
  type CandleEvent,
  type CandleState,
  type EmptyBucketPolicy,
} from '@candlewire/market';
import { INTERVALS, type Interval } from '@candlewire/protocol';
import type { SimSessions } from './intensity';
import { WeightedLru } from './lru';
import type { MinuteModel, MinuteSummary } from './minute-model';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far back the last close before a range is looked for (summaries walked one by one). */
const SEED_LOOKBACK_MINUTES = 10 * 1440;
/**
 * History reaches at most this far before `untilMs`; earlier buckets are not produced.
 * NOTE: a guard against a runaway request (from 1970…): 2000 days ≈ 2.9 M minute summaries.
 */
export const MAX_HISTORY_DAYS = 2000;
/** Work between two yields to the event loop, ms. */
const SLICE_MS = 10;
/** Default bound of the chunk cache, in candles (~100 bytes each). */
const DEFAULT_CACHE_CANDLES = 300_000;

/** Closed candles of one complete chunk (a UTC day, or one local day for `1d`) and the close it ends on. */
export interface Chunk {
  candles: CandleState[];
  lastClose: number | null;
}

/** Options of `createHistoryBuilder`. */
export interface HistoryOptions {
  sessions: SimSessions;
  emptyBuckets: EmptyBucketPolicy;
  /** Bound of the chunk cache in candles (default 300,000). */
  cacheCandles?: number;
}

/** Builds candle history from the minute model, the way the live pipeline aggregates trades. */
export interface HistoryBuilder {
  /** See `MarketSource.history`. */
  history(model: MinuteModel, interval: Interval, fromSec: number, untilMs: number): Promise<CandleState[]>;
  /** The close of the last trade before `ms` within the seed look-back, or null. */
  lastCloseBefore(model: MinuteModel, ms: number): number | null;
  /** The cached complete chunks of `intervals`, keyed `symbol|interval|startMs` (for a disk cache). */
  chunks(intervals: readonly Interval[]): [string, Chunk][];
  /** Adopts chunks computed before (by `chunks`, same models and options): later requests use them. */
  adopt(chunks: Iterable<[string, Chunk]>): void;
  /** Recomputes the complete chunk under `key` (no cache): to check a chunk from elsewhere. */
  recompute(model: MinuteModel, key: string): Promise<Chunk | null>;
}

/** A summary as a plain candle (the aggregator copies every field it is given). */
function candleOf(s: MinuteSummary): CandleState {
  return { time: s.time, open: s.open, high: s.high, low: s.low, close: s.close, units: s.units };
}

function pushClosed(events: CandleEvent[], into: CandleState[]): void {
  for (const event of events) if (event.closed) into.push(event.candle);
}

/** Creates a history builder with its own LRU cache of complete chunks. */
export function createHistoryBuilder(options: HistoryOptions): HistoryBuilder {
  const { sessions, emptyBuckets } = options;
  const cache = new WeightedLru<string, Chunk>(options.cacheCandles ?? DEFAULT_CACHE_CANDLES, (c) => c.candles.length + 1);
  let sliceStart = performance.now();

  /** Yields to the event loop when the current slice of work is used up. */
  async function breathe(): Promise<void> {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }

  function aggregatorFor(model: MinuteModel, interval: Interval): CandleAggregator {
    // NOTE: gated exactly like the live pipeline (MarketSource.alwaysTrading: sessions 'always',
    // or an always-open market).
    return createInstrumentAggregator(model.instrument, interval, {
      emptyBuckets,
      ...(sessions === 'always' ? { alwaysTrading: true } : {}),
    });
  }

  function lastCloseBefore(model: MinuteModel, ms: number): number | null {
    const minute = Math.floor(ms / MINUTE_MS);
    if (ms > minute * MINUTE_MS) {
      const within = model.trades(minute).filter((t) => t.time < ms);
      const lastTrade = within[within.length - 1];
      if (lastTrade !== undefined) return lastTrade.price;
    }
    for (let m = minute - 1; m >= minute - SEED_LOOKBACK_MINUTES; m -= 1) {
      const s = model.summary(m);
      if (s !== null) return s.close;
    }
    return null;
  }

  /** Start (ms) of the chunk holding `ms`: the local day for `1d`, else the UTC day. */
  function chunkStart(model: MinuteModel, interval: Interval, ms: number): number {
    return interval === '1d' ? bucketStart('1d', ms, model.instrument.timezone) * 1000 : Math.floor(ms / DAY_MS) * DAY_MS;
  }

  function chunkEnd(model: MinuteModel, interval: Interval, start: number): number {
    return interval === '1d' ? nextBucketStart('1d', start / 1000, model.instrument.timezone) * 1000 : start + DAY_MS;
  }

  /**
   * Aggregates [startMs, untilMs) into `interval` candles, seeded with `carry`: whole minutes
   * from summaries (or, for `1s`, from trades), the partial last minute from its trades.
   */
  async function aggregate(
    model: MinuteModel,
    interval: Interval,
    startMs: number,
    untilMs: number,
    carry: number | null,
  ): Promise<{ closed: CandleState[]; forming: CandleState | null; lastClose: number | null }> {
    const aggregator = aggregatorFor(model, interval);
    aggregator.seed(null, carry, bucketStart(interval, startMs, model.instrument.timezone));
    const closed: CandleState[] = [];
    const fullMinutesEnd = Math.floor(untilMs / MINUTE_MS);
    let m = Math.floor(startMs / MINUTE_MS);
    for (; m < fullMinutesEnd; m += 1) {
      if (interval === '1s') {
        for (const trade of model.trades(m)) pushClosed(aggregator.add(trade), closed);
        await breathe();
      } else {
        const s = model.summary(m);
        if (s !== null) pushClosed(aggregator.addCandle(candleOf(s)), closed);
        // NOTE: a summary costs ~1 µs: checking the clock every 256 of them is plenty.
        if ((m & 255) === 0) await breathe();
      }
    }
    if (untilMs > fullMinutesEnd * MINUTE_MS) {
      for (const trade of model.trades(fullMinutesEnd)) {
        if (trade.time < untilMs) pushClosed(aggregator.add(trade), closed);
      }
    }
    pushClosed(aggregator.advance(untilMs), closed);
    return { closed, forming: aggregator.current(), lastClose: aggregator.lastClose() };
  }

  async function history(model: MinuteModel, interval: Interval, fromSec: number, untilMs: number): Promise<CandleState[]> {
    const floorMs = Math.floor(untilMs / MINUTE_MS) * MINUTE_MS - MAX_HISTORY_DAYS * DAY_MS;
    const fromMs = Math.max(fromSec * 1000, floorMs);
    if (!(untilMs > fromMs)) return [];
    const out: CandleState[] = [];
    const keep = (candle: CandleState): void => {
      if (candle.time >= fromSec) out.push(candle);
    };
    sliceStart = performance.now();

    if (interval === '1s') {
      const startMs = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
      const result = await aggregate(model, interval, startMs, untilMs, lastCloseBefore(model, startMs));
      result.closed.forEach(keep);
      if (result.forming !== null) keep(result.forming);
      return out;
    }

    const symbol = model.instrument.symbol;
    let start = chunkStart(model, interval, fromMs);
    const before = cache.get(`${symbol}|${interval}|${chunkStart(model, interval, start - 1)}`);
    // undefined: not known yet (computed only if a chunk needs it from its start).
    let carry = before !== undefined ? before.lastClose : undefined;
    for (; start < untilMs; start = chunkEnd(model, interval, start)) {
      const end = chunkEnd(model, interval, start);
      if (end <= untilMs) {
        // NOTE: a complete chunk's closed buckets never change: cache them with the close
        // they end on, so the next chunk (or the next request) can start from there.
        const key = `${symbol}|${interval}|${start}`;
        let chunk = cache.get(key);
        if (chunk === undefined) {
          const result = await aggregate(model, interval, start, end, carry === undefined ? lastCloseBefore(model, start) : carry);
          chunk = { candles: result.closed, lastClose: result.lastClose };
          cache.set(key, chunk);
        }
        chunk.candles.forEach(keep);
        carry = chunk.lastClose;
      } else {
        // NOTE: the forming chunk is not cached, so when the range starts inside it, begin at
        // the bucket holding fromMs (with its own last close) instead of at the chunk start.
        let from = start;
        let fromCarry: number | null | undefined = carry;
        const first = bucketStart(interval, fromMs, model.instrument.timezone) * 1000;
        if (first > start) {
          const found = lastCloseBefore(model, first);
          if (found !== null) {
            from = first;
            fromCarry = found;
          }
        }
        const result = await aggregate(model, interval, from, untilMs, fromCarry === undefined ? lastCloseBefore(model, from) : fromCarry);
        result.closed.forEach(keep);
        if (result.forming !== null) keep(result.forming);
      }
      await breathe();
    }
    // NOTE: cached candles are shared: hand out copies so callers may mutate theirs.
    return out.map((candle) => ({ ...candle }));
  }

  function chunks(intervals: readonly Interval[]): [string, Chunk][] {
    const wanted = new Set<string>(intervals);
    return [...cache.entries()].filter(([key]) => wanted.has(key.split('|')[1] ?? ''));
  }

  function adopt(list: Iterable<[string, Chunk]>): void {
    for (const [key, chunk] of list) cache.set(key, chunk);
  }

  async function recompute(model: MinuteModel, key: string): Promise<Chunk | null> {
    const [, name, startText] = key.split('|');
    const interval = INTERVALS.find((i) => i === name);
    const start = Number(startText);
    if (interval === undefined || interval === '1s' || !Number.isFinite(start)) return null;
    const result = await aggregate(model, interval, start, chunkEnd(model, interval, start), lastCloseBefore(model, start));
    return { candles: result.closed, lastClose: result.lastClose };
  }

  return { history, lastCloseBefore, chunks, adopt, recompute };
}
