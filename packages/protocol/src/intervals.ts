/** Candle intervals of the contract, shortest first. */
export const INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const;
/** A candle interval. */
export type Interval = (typeof INTERVALS)[number];

/** Length of each interval in seconds (`1d` is nominal: daily buckets follow the exchange day). */
export const INTERVAL_SECONDS = {
  '1s': 1,
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '1d': 86_400,
} as const satisfies Record<Interval, number>;

/** True when `value` is one of the contract's intervals. */
export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}
