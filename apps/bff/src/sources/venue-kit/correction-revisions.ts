/**
 * Coarser candles after a venue corrects a 1-minute bar (Alpaca `updatedBars`): the 5m, 15m,
 * 1h and 1d buckets holding each corrected minute are rebuilt from the venue's REST 1m bars of
 * the day (the corrections laid over them) with the one aggregator, and handed to
 * `sink.candles` as revisions. Corrections in a burst are coalesced per symbol: a short
 * debounce, at most one fetch in flight, corrections arriving meanwhile make one more run.
 */
import { bucketStart, toCandle, volumeDecimals, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { SourceCandle, SourceTrade } from '../types';
import { candlesFromBars, candlesFromTrades, type VenueBar } from './bar-candles';

/** Intervals revised from the day's 1m bars (1m itself is the correction). */
const COARSER = ['5m', '15m', '1h', '1d'] as const satisfies readonly Interval[];

/** Corrections older than this are no longer laid over REST bars, s. */
const OVERLAY_KEEP_SEC = 2 * 86_400;

/** One revision run for a symbol. */
export interface CorrectionJob {
  instrument: Instrument;
  /** The corrected 1m bars whose coarser buckets are revised. */
  corrections: readonly VenueBar[];
  /** Corrections laid over the REST bars (by minute; includes `corrections`). */
  overlay: ReadonlyMap<number, VenueBar>;
  nowMs: number;
  emptyBuckets: EmptyBucketPolicy;
  /** The venue's 1-minute bars starting in [fromSec, untilSec), time order. */
  minuteBars(fromSec: number, untilSec: number): Promise<VenueBar[]>;
  /** The trades this source delivered for the symbol (recent, time order). */
  trades: readonly SourceTrade[];
}

/** Fetches the corrected minutes' day of 1m bars; returns the revised coarser candles holding them. */
export async function reviseCoarserBuckets(job: CorrectionJob): Promise<SourceCandle[]> {
  const { instrument, corrections, nowMs, emptyBuckets } = job;
  const tz = instrument.timezone;
  const decimals = volumeDecimals(instrument);
  const liveFromSec = bucketStart('1m', nowMs, tz);
  const minutes = corrections.map((c) => c.time).filter((t) => t < liveFromSec);
  if (minutes.length === 0) return [];
  const fromSec = Math.min(...minutes.map((t) => bucketStart('1d', t * 1000, tz)));
  // NOTE: closed minutes only: the venue's bar of the current minute is partial and the
  // pipeline already holds its live trades; it is taken from those trades below, counted once.
  const byMinute = new Map<number, VenueBar>();
  for (const bar of await job.minuteBars(fromSec, liveFromSec)) byMinute.set(bar.time, bar);
  for (const [time, bar] of job.overlay) if (time >= fromSec && time < liveFromSec) byMinute.set(time, bar);
  // NOTE: minutes after the venue's last bar (REST publishes a bar a few seconds after its minute
  // closes) and the current minute come from the trades we delivered: what the pipeline holds.
  const lastBar = Math.max(fromSec - 60, ...byMinute.keys());
  for (const c of candlesFromTrades(instrument, '1m', job.trades, lastBar + 60, nowMs, emptyBuckets)) {
    if (c.units > 0) byMinute.set(c.time, toCandle(c, decimals));
  }
  const bars = [...byMinute.values()].sort((a, b) => a.time - b.time);
  const out: SourceCandle[] = [];
  for (const interval of COARSER) {
    const wanted = new Set(minutes.map((t) => bucketStart(interval, t * 1000, tz)));
    for (const c of candlesFromBars(instrument, interval, bars, fromSec, nowMs, emptyBuckets)) {
      if (wanted.has(c.time)) out.push({ symbol: instrument.symbol, interval, candle: toCandle(c, decimals) });
    }
  }
  return out;
}

/** Options of `createCorrectionRevisions`. */
export interface CorrectionRevisionsOptions {
  /** Corrections of a symbol arriving within this of the first are revised together, ms. */
  debounceMs: number;
  emptyBuckets: EmptyBucketPolicy;
  now: () => number;
  instrument(symbol: string): Instrument | undefined;
  minuteBars(symbol: string): CorrectionJob['minuteBars'];
  trades(symbol: string): readonly SourceTrade[];
  /** The revised candles of `symbol` (the caller checks the symbol is still wanted). */
  deliver(symbol: string, candles: SourceCandle[]): void;
  failed(symbol: string, err: Error): void;
}

/** Coalesces corrections per symbol and revises their coarser buckets. */
export interface CorrectionRevisions {
  /** A corrected 1m bar of `symbol`. */
  add(symbol: string, bar: VenueBar): void;
  /** Drops `symbol`'s pending corrections (unsubscribed). */
  forget(symbol: string): void;
  /** Cancels every pending run (a run in flight still finishes; its caller checks the sink). */
  stop(): void;
}

interface SymbolQueue {
  pending: Map<number, VenueBar>;
  overlay: Map<number, VenueBar>;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
}

/** Creates the per-symbol coalescing of correction revisions. */
export function createCorrectionRevisions(options: CorrectionRevisionsOptions): CorrectionRevisions {
  const queues = new Map<string, SymbolQueue>();

  const schedule = (symbol: string, q: SymbolQueue): void => {
    if (q.running || q.timer !== null || q.pending.size === 0) return;
    q.timer = setTimeout(() => {
      q.timer = null;
      void run(symbol, q);
    }, options.debounceMs);
  };

  const run = async (symbol: string, q: SymbolQueue): Promise<void> => {
    const instrument = options.instrument(symbol);
    const corrections = [...q.pending.values()];
    q.pending.clear();
    if (instrument === undefined) return;
    q.running = true;
    const nowMs = options.now();
    for (const time of q.overlay.keys()) if (time < nowMs / 1000 - OVERLAY_KEEP_SEC) q.overlay.delete(time);
    try {
      const candles = await reviseCoarserBuckets({
        instrument,
        corrections,
        overlay: q.overlay,
        nowMs,
        emptyBuckets: options.emptyBuckets,
        minuteBars: options.minuteBars(symbol),
        trades: options.trades(symbol),
      });
      if (candles.length > 0 && queues.get(symbol) === q) options.deliver(symbol, candles);
    } catch (err) {
      options.failed(symbol, err as Error);
    } finally {
      q.running = false;
      // NOTE: corrections that arrived during the fetch get one more (debounced) run.
      if (queues.get(symbol) === q) schedule(symbol, q);
    }
  };

  return {
    add(symbol, bar) {
      let q = queues.get(symbol);
      if (q === undefined) {
        q = { pending: new Map(), overlay: new Map(), timer: null, running: false };
        queues.set(symbol, q);
      }
      q.pending.set(bar.time, bar);
      q.overlay.set(bar.time, bar);
      schedule(symbol, q);
    },
    forget(symbol) {
      const q = queues.get(symbol);
      if (q?.timer != null) clearTimeout(q.timer);
      queues.delete(symbol);
    },
    stop() {
      for (const q of queues.values()) if (q.timer !== null) clearTimeout(q.timer);
      queues.clear();
    },
  };
}
