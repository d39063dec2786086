/**
 * Candle repair after an upstream gap: the streamer cannot replay what was missed, so the
 * buckets that overlap the gap are rebuilt from the chart API (1m bars for 1m…1h from the
 * start of the gap's hour, Yahoo's 1d bar for the day) and handed to `sink.candles`, which
 * replaces their values (clients receive revised candles).
 */
import { bucketStart, toCandle, volumeDecimals, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { SourceCandle } from '../types';
import type { RestClient } from '../venue-kit/rest-json';
import { fetchBars } from './chart';
import { candlesFromBars } from './history';

/** Intervals repaired from 1m bars (all align inside the hour). */
const FROM_MINUTES = ['1m', '5m', '15m', '1h'] as const satisfies readonly Interval[];

/** What to repair. */
export interface GapRepair {
  rest: RestClient;
  instrument: Instrument;
  yahooSymbol: string;
  /** When the connection was lost, epoch ms. */
  gapStartMs: number;
  /** Repair up to this time (the reconnect), epoch ms. */
  untilMs: number;
  emptyBuckets: EmptyBucketPolicy;
}

/** Fetches the gap's bars and returns the revised candles of every bucket overlapping it. */
export async function repairGap(job: GapRepair): Promise<SourceCandle[]> {
  const { rest, instrument, yahooSymbol, gapStartMs, untilMs, emptyBuckets } = job;
  const tz = instrument.timezone;
  const decimals = volumeDecimals(instrument);
  const nowSec = untilMs / 1000;
  const out: SourceCandle[] = [];
  const hourStart = bucketStart('1h', gapStartMs, tz);
  const minutes = await fetchBars(rest, yahooSymbol, '1m', hourStart, nowSec, nowSec);
  for (const interval of FROM_MINUTES) {
    const from = bucketStart(interval, gapStartMs, tz);
    for (const c of candlesFromBars(instrument, interval, minutes, from, untilMs, emptyBuckets)) {
      out.push({ symbol: instrument.symbol, interval, candle: toCandle(c, decimals) });
    }
  }
  const dayStart = bucketStart('1d', gapStartMs, tz);
  const days = await fetchBars(rest, yahooSymbol, '1d', dayStart, nowSec, nowSec);
  for (const c of candlesFromBars(instrument, '1d', days, dayStart, untilMs, emptyBuckets)) {
    out.push({ symbol: instrument.symbol, interval: '1d', candle: toCandle(c, decimals) });
  }
  return out;
}
