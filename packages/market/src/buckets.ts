import { INTERVAL_SECONDS, type EpochSec, type Interval } from '@candlewire/protocol';
import { localDay } from './zoned-time';

/**
 * Start (epoch seconds) of the `interval` bucket holding instant `ms`. Intraday buckets
 * align to UTC; `1d` buckets start at local midnight of the exchange date in `timezone`.
 */
export function bucketStart(interval: Interval, ms: number, timezone: string): EpochSec {
  if (interval === '1d') return localDay(timezone, ms).start / 1000;
  const length = INTERVAL_SECONDS[interval];
  return Math.floor(Math.floor(ms / 1000) / length) * length;
}

/** Start of the bucket after the one starting at `startSec` (for `1d`: the next local midnight, 23 h or 25 h later across DST). */
export function nextBucketStart(interval: Interval, startSec: number, timezone: string): EpochSec {
  if (interval === '1d') return localDay(timezone, startSec * 1000).end / 1000;
  return startSec + INTERVAL_SECONDS[interval];
}
