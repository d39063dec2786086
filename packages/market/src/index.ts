/** Candlewire market logic: instruments, calendars, sessions, buckets and OHLCV aggregation (pure, no I/O). */
export type * from './types';
export * from './zoned-time';
export * from './instruments';
export * from './calendars';
export * from './sessions';
export * from './buckets';
export * from './ohlcv';
export * from './instrument-aggregator';
export * from './indicators';
