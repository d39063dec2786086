import { toCandle, toUnits, volumeDecimals, type CandleState, type Instrument } from '@candlewire/market';
import { INTERVALS, INTERVAL_SECONDS, type Interval } from '@candlewire/protocol';
import type { SourceCandle, SourceSink } from '../types';
import type { Kline } from './frames';
import type { KlinesClient } from './rest';

/** A kline as our integer-volume candle state. */
export function klineToState(k: Kline, instrument: Instrument): CandleState {
  return { time: Math.floor(k.openTime / 1000), open: k.open, high: k.high, low: k.low, close: k.close, units: toUnits(k.volume, volumeDecimals(instrument)) };
}

/** Options of `createGapRepair`. */
export interface GapRepairOptions {
  klines: KlinesClient;
  instrument: (symbol: string) => Instrument | undefined;
  /** The sink of the running source (null = stopped: nothing is sent). */
  sink: () => SourceSink | null;
  /** A bucket is closed once `now - latenessMs` passed its end (the source's watermark). */
  latenessMs: number;
  /** Extra wait after a forming bucket closes before it is fetched, ms. */
  settleMs: number;
  /** At most this many buckets per interval are repaired per gap (the latest ones). */
  maxBuckets: number;
  now: () => number;
  onError: (err: unknown, symbol: string, interval: Interval) => void;
}

/** Repairs candles after an upstream gap from REST klines. */
export interface GapRepair {
  /** Fetches every interval's buckets overlapping [gapStartMs, gapEndMs] for `symbols` and sends the closed ones. */
  repair(symbols: readonly string[], gapStartMs: number, gapEndMs: number): Promise<void>;
  /** Candles sent so far. */
  sent(): number;
  /** Cancels deferred repairs. */
  stop(): void;
}

/**
 * Creates the gap repairer. Only CLOSED buckets are sent (their klines are final, and every live
 * trade of them was already delivered, so replacing cannot double a trade). A bucket still forming
 * at repair time is fetched again once it closed (timer), then sent.
 */
export function createGapRepair(options: GapRepairOptions): GapRepair {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let sent = 0;
  let stopped = false;

  const emit = (symbol: string, interval: Interval, instrument: Instrument, rows: readonly Kline[], closedBefore: number): number | null => {
    const stepMs = INTERVAL_SECONDS[interval] * 1000;
    const batch: SourceCandle[] = [];
    let forming: number | null = null;
    for (const k of rows) {
      if (k.openTime + stepMs <= closedBefore) batch.push({ symbol, interval, candle: toCandle(klineToState(k, instrument), volumeDecimals(instrument)) });
      else forming ??= k.openTime;
    }
    const sink = options.sink();
    if (batch.length > 0 && sink !== null && !stopped) {
      sink.candles(batch);
      sent += batch.length;
    }
    return forming;
  };

  const one = async (symbol: string, interval: Interval, fromMs: number, toMs: number): Promise<void> => {
    const instrument = options.instrument(symbol);
    if (instrument === undefined || stopped) return;
    const stepMs = INTERVAL_SECONDS[interval] * 1000;
    const start = Math.max(Math.floor(fromMs / stepMs) * stepMs, Math.floor(toMs / stepMs) * stepMs - (options.maxBuckets - 1) * stepMs);
    let rows: Kline[];
    try {
      rows = await options.klines.fetch(symbol, interval, start, toMs);
    } catch (err) {
      options.onError(err, symbol, interval);
      return;
    }
    const forming = emit(symbol, interval, instrument, rows, options.now() - options.latenessMs);
    if (forming !== null && !stopped) {
      // NOTE: deferred until the watermark closed the bucket, so the kline is final and no live trade
      // of it can arrive after the replacement.
      const due = forming + stepMs + options.latenessMs + options.settleMs - options.now();
      const timer = setTimeout(() => {
        timers.delete(timer);
        void one(symbol, interval, forming, forming);
      }, Math.max(0, due));
      timer.unref?.();
      timers.add(timer);
    }
  };

  return {
    async repair(symbols, gapStartMs, gapEndMs) {
      // NOTE: sequential on purpose: REST weight limits; a gap repair is rare and not urgent.
      for (const symbol of symbols) for (const interval of INTERVALS) await one(symbol, interval, gapStartMs, gapEndMs);
    },
    sent: () => sent,
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
