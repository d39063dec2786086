/**
 * Candle repair after an upstream gap: a stream cannot replay what was missed, so the buckets
 * that overlap the gap are rebuilt from the venue's REST bars and handed to `sink.candles`, which
 * replaces their values (clients receive revised candles). Two ways, by what the venue offers:
 * - `repairGap(job)` (Alpaca, Yahoo: 1m and daily bars on exchange calendars): 1m…1h from the
 *   gap hour's 1m bars, the day from daily bars.
 * - `createBucketRepair(options)` (Binance: native bars of every interval, 1s included): each
 *   interval's own bars, closed buckets only, a forming one fetched again once it closed.
 */
import { bucketStart, toCandle, volumeDecimals, type CandleState, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import { INTERVAL_SECONDS, type Interval } from '@candlewire/protocol';
import type { SourceCandle, SourceSink } from '../types';
import { candlesFromBars, type VenueBar } from './bar-candles';

/** Intervals repaired from 1m bars (all align inside the hour). */
const FROM_MINUTES = ['1m', '5m', '15m', '1h'] as const satisfies readonly Interval[];

/** What to repair, and how to fetch the venue's bars. */
export interface GapRepairJob {
  instrument: Instrument;
  /** When the connection was lost, epoch ms. */
  gapStartMs: number;
  /** Repair up to this time (the reconnect), epoch ms. */
  untilMs: number;
  emptyBuckets: EmptyBucketPolicy;
  /** The venue's 1-minute bars starting in [fromSec, untilSec), time order. */
  minuteBars(fromSec: number, untilSec: number): Promise<VenueBar[]>;
  /** The venue's daily bars starting in [fromSec, untilSec), time order. */
  dayBars(fromSec: number, untilSec: number): Promise<VenueBar[]>;
}

/** Fetches the gap's bars and returns the revised candles of every bucket overlapping it. */
export async function repairGap(job: GapRepairJob): Promise<SourceCandle[]> {
  const { instrument, gapStartMs, untilMs, emptyBuckets } = job;
  const tz = instrument.timezone;
  const untilSec = untilMs / 1000;
  const out: SourceCandle[] = [];
  const minutes = await job.minuteBars(bucketStart('1h', gapStartMs, tz), untilSec);
  for (const interval of FROM_MINUTES) {
    const from = bucketStart(interval, gapStartMs, tz);
    out.push(...toSourceCandles(instrument, interval, candlesFromBars(instrument, interval, minutes, from, untilMs, emptyBuckets)));
  }
  const dayStart = bucketStart('1d', gapStartMs, tz);
  const days = await job.dayBars(dayStart, untilSec);
  out.push(...toSourceCandles(instrument, '1d', candlesFromBars(instrument, '1d', days, dayStart, untilMs, emptyBuckets)));
  return out;
}

/** Candle states of one symbol and interval → the sink's candles (wire volume). */
function toSourceCandles(instrument: Instrument, interval: Interval, states: readonly CandleState[]): SourceCandle[] {
  const decimals = volumeDecimals(instrument);
  return states.map((c) => ({ symbol: instrument.symbol, interval, candle: toCandle(c, decimals) }));
}

/** Options of `createBucketRepair`. */
export interface BucketRepairOptions {
  /** The venue's buckets of `interval` opening in [startMs, endMs], oldest first. */
  fetch(symbol: string, interval: Interval, startMs: number, endMs: number): Promise<CandleState[]>;
  instrument: (symbol: string) => Instrument | undefined;
  /** The sink of the running source (null = stopped: nothing is sent). */
  sink: () => SourceSink | null;
  /** Intervals repaired, each from its own bars. */
  intervals: readonly Interval[];
  /** A bucket is closed once `now - latenessMs` passed its end (the source's watermark). */
  latenessMs: number;
  /** Extra wait after a forming bucket closes before it is fetched, ms. */
  settleMs: number;
  /** At most this many buckets per interval are repaired per gap (the latest ones). */
  maxBuckets: number;
  now: () => number;
  onError: (err: unknown, symbol: string, interval: Interval) => void;
}

/** Repairs candles after an upstream gap from the venue's bars of every interval. */
export interface BucketRepair {
  /** Fetches every interval's buckets overlapping [gapStartMs, gapEndMs] for `symbols` and sends the closed ones. */
  repair(symbols: readonly string[], gapStartMs: number, gapEndMs: number): Promise<void>;
  /** Candles sent so far. */
  sent(): number;
  /** Cancels deferred repairs. */
  stop(): void;
}

/**
 * Creates the per-interval repairer. Only CLOSED buckets are sent (their bars are final, and every
 * live trade of them was already delivered, so replacing cannot double a trade). A bucket still
 * forming at repair time is fetched again once it closed (timer), then sent.
 */
export function createBucketRepair(options: BucketRepairOptions): BucketRepair {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let sent = 0;
  let stopped = false;

  /** Sends the closed buckets of `rows`; returns the open time of the first forming one (ms), or null. */
  const sendClosed = (instrument: Instrument, interval: Interval, rows: readonly CandleState[]): number | null => {
    const stepMs = INTERVAL_SECONDS[interval] * 1000;
    const closedBefore = options.now() - options.latenessMs;
    const closed = rows.filter((c) => c.time * 1000 + stepMs <= closedBefore);
    const forming = rows.find((c) => c.time * 1000 + stepMs > closedBefore);
    const sink = options.sink();
    if (closed.length > 0 && sink !== null && !stopped) {
      sink.candles(toSourceCandles(instrument, interval, closed));
      sent += closed.length;
    }
    return forming === undefined ? null : forming.time * 1000;
  };

  const deferForming = (symbol: string, interval: Interval, formingMs: number): void => {
    // NOTE: deferred until the watermark closed the bucket, so its bar is final and no live trade
    // of it can arrive after the replacement.
    const due = formingMs + INTERVAL_SECONDS[interval] * 1000 + options.latenessMs + options.settleMs - options.now();
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        void repairOne(symbol, interval, formingMs, formingMs);
      },
      Math.max(0, due),
    );
    timer.unref?.();
    timers.add(timer);
  };

  const repairOne = async (symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<void> => {
    const instrument = options.instrument(symbol);
    if (instrument === undefined || stopped) return;
    const stepMs = INTERVAL_SECONDS[interval] * 1000;
    const start = Math.max(Math.floor(fromMs / stepMs) * stepMs, Math.floor(toMs / stepMs) * stepMs - (options.maxBuckets - 1) * stepMs);
    let rows: CandleState[];
    try {
      rows = await options.fetch(symbol, interval, start, toMs);
    } catch (err) {
      options.onError(err, symbol, interval);
      return;
    }
    const forming = sendClosed(instrument, interval, rows);
    if (forming !== null && !stopped) deferForming(symbol, interval, forming);
  };

  return {
    async repair(symbols, gapStartMs, gapEndMs) {
      // NOTE: sequential on purpose: REST weight limits; a gap repair is rare and not urgent.
      for (const symbol of symbols) for (const interval of options.intervals) await repairOne(symbol, interval, gapStartMs, gapEndMs);
    },
    sent: () => sent,
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
