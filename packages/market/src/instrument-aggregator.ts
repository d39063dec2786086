import type { Interval } from '@candlewire/protocol';
import { calendarFor } from './calendars';
import { volumeDecimals } from './instruments';
import { createCandleAggregator, type CandleAggregator, type EmptyBucketPolicy } from './ohlcv';
import { isTradingBucket } from './sessions';
import type { Instrument } from './types';

/** Options of `createInstrumentAggregator`. */
export interface InstrumentAggregatorOptions {
  emptyBuckets: EmptyBucketPolicy;
  /**
   * True when the symbol trades at every hour from its source (crypto; the simulation with
   * sessions 'always'): every bucket is a trading bucket. Default: the market's calendar says.
   */
  alwaysTrading?: boolean;
}

/**
 * The aggregator of one instrument and interval, with flat fills gated by its calendar.
 * NOTE: live candles, history and REST all build their aggregators here, so their empty
 * buckets follow one rule and the same bucket has the same values everywhere.
 */
export function createInstrumentAggregator(
  instrument: Instrument,
  interval: Interval,
  options: InstrumentAggregatorOptions,
): CandleAggregator {
  const calendar = calendarFor(instrument.market);
  const alwaysTrading = options.alwaysTrading ?? calendar.alwaysOpen;
  return createCandleAggregator({
    interval,
    timezone: instrument.timezone,
    volumeDecimals: volumeDecimals(instrument),
    emptyBuckets: options.emptyBuckets,
    ...(alwaysTrading ? {} : { isTradingBucket: (start: number) => isTradingBucket(calendar, interval, start) }),
  });
}
