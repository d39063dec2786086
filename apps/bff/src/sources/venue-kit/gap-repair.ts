/**
 * Candle repair after an upstream gap: a stream cannot replay what was missed, so the buckets
 * that overlap the gap are rebuilt from the venue's REST bars (1m bars for 1m…1h from the start
 * of the gap's hour, daily bars for the day) and handed to `sink.candles`, which replaces their
 * values (clients receive revised candles).
 */
import { bucketStart, toCandle, volumeDecimals, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { SourceCandle } from '../types';
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
  const decimals = volumeDecimals(instrument);
  const untilSec = untilMs / 1000;
  const out: SourceCandle[] = [];
  const minutes = await job.minuteBars(bucketStart('1h', gapStartMs, tz), untilSec);
  for (const interval of FROM_MINUTES) {
    const from = bucketStart(interval, gapStartMs, tz);
    for (const c of candlesFromBars(instrument, interval, minutes, from, untilMs, emptyBuckets)) {
      out.push({ symbol: instrument.symbol, interval, candle: toCandle(c, decimals) });
    }
  }
  const dayStart = bucketStart('1d', gapStartMs, tz);
  const days = await job.dayBars(dayStart, untilSec);
  for (const c of candlesFromBars(instrument, '1d', days, dayStart, untilMs, emptyBuckets)) {
    out.push({ symbol: instrument.symbol, interval: '1d', candle: toCandle(c, decimals) });
  }
  return out;
}
