import {
  calendarFor,
  createCandleAggregator,
  isTradingBucket,
  volumeDecimals,
  type CandleState,
  type EmptyBucketPolicy,
  type Instrument,
} from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { Recording } from './load';

/** Options of `createRecordingHistory`. */
export interface RecordingHistoryOptions {
  emptyBuckets: EmptyBucketPolicy;
  alwaysTrading: (symbol: string) => boolean;
}

/** Candle history computed from a recording alone (its baseline and its events). */
export type RecordingHistory = (instrument: Instrument, interval: Interval, fromSec: number, untilMs: number) => CandleState[];

/**
 * Rebuilds what the live pipeline had built: the aggregator is seeded with the recorded baseline
 * (the source's candles when recording began), then fed the recorded trades and watermarks in
 * file order, exactly as the pipeline receives them. Nothing before the recording's start exists
 * except the baseline's previous and forming buckets.
 */
export function createRecordingHistory(recording: Recording, options: RecordingHistoryOptions): RecordingHistory {
  return (instrument, interval, fromSec, untilMs) => {
    const { symbol } = instrument;
    const base = recording.header.baseline[symbol]?.[interval] ?? { previous: null, forming: null };
    const calendar = calendarFor(instrument.market);
    const agg = createCandleAggregator({
      interval,
      timezone: instrument.timezone,
      volumeDecimals: volumeDecimals(instrument),
      emptyBuckets: options.emptyBuckets,
      // NOTE: the same gate as the pipeline's aggregators, or replayed REST and live candles differ.
      ...(options.alwaysTrading(symbol) ? {} : { isTradingBucket: (start: number) => isTradingBucket(calendar, interval, start) }),
    });
    agg.seed(base.forming, base.forming?.close ?? base.previous?.close ?? null);
    const out = new Map<number, CandleState>();
    if (base.previous !== null) out.set(base.previous.time, base.previous);
    const take = (events: { candle: CandleState }[]): void => {
      for (const { candle } of events) out.set(candle.time, candle);
    };
    for (const event of recording.events) {
      if (event.k === 'trades') {
        for (const t of event.d) if (t.symbol === symbol && t.time < untilMs) take(agg.add(t));
      } else if (event.k === 'watermark') {
        take(agg.advance(Math.min(event.d, untilMs)));
        // NOTE: watermark contract: no later event holds a trade before it.
        if (event.d >= untilMs) break;
      }
    }
    take(agg.advance(untilMs));
    if (base.forming !== null && !out.has(base.forming.time)) out.set(base.forming.time, base.forming);
    return [...out.values()].filter((c) => c.time >= fromSec).sort((a, b) => a.time - b.time);
  };
}
