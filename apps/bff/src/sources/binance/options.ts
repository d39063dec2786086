import type { Instrument } from '@candlewire/market';
import type { SourceStats } from '../types';
import type { BackoffOptions } from '@candlewire/pacing';
import type { VenueSource } from '../venue-kit/venue-core';
import type { GetJson } from './rest';

/** Minimal structured logger (pino-compatible). */
export interface SourceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Options of `createBinanceSource`. */
export interface BinanceSourceOptions {
  /** Stream host (default `wss://stream.binance.com:9443`); `/stream` is appended. */
  wsUrl?: string;
  /** REST host (default `https://api.binance.com`). */
  restUrl?: string;
  /** Instruments served (default: the CRYPTO instruments of `@candlewire/market`; see `createBinanceInstruments`). */
  instruments?: readonly Instrument[];
  /** The watermark trails the clock by this much, ms (default 1500). */
  latenessMs?: number;
  /** Watermark timer period, ms (default 250). */
  watermarkMs?: number;
  /** A subscribed symbol with no frame for this long is `stale`, ms (default 30 000). */
  staleMs?: number;
  /** Age at which a connection is replaced before Binance's 24 h cut, ms (default 23 h 30 m). */
  plannedCutMs?: number;
  /** After the replacement is subscribed, the old connection stays open this long, ms (default 2000). */
  cutOverlapMs?: number;
  /** Streams per connection (Binance: ≤ 1024). */
  maxStreamsPerConnection?: number;
  /** Streams per SUBSCRIBE/UNSUBSCRIBE message (default 200). */
  streamsPerMessage?: number;
  /** At most this many frames sent per second per connection, pongs included (Binance: 5; default 4). */
  messagesPerSec?: number;
  /** Connection attempts per `attemptWindowMs` (Binance: 300 per 5 min). */
  maxAttempts?: number;
  attemptWindowMs?: number;
  /** Reconnect backoff (default base 500 ms, cap 30 s). */
  backoff?: BackoffOptions;
  /** Wait after a forming bucket closed before its gap repair is fetched, ms (default 1000). */
  repairSettleMs?: number;
  /** Most buckets repaired per interval per gap (default 3600). */
  repairMaxBuckets?: number;
  /** REST GET (default node:http/https). */
  getJson?: GetJson;
  now?: () => number;
  logger?: SourceLogger;
}

/** Defaults of the tunables. */
export const BINANCE_DEFAULTS = {
  wsUrl: 'wss://stream.binance.com:9443',
  restUrl: 'https://api.binance.com',
  latenessMs: 1500,
  watermarkMs: 250,
  staleMs: 30_000,
  plannedCutMs: 23.5 * 3_600_000,
  cutOverlapMs: 2000,
  maxStreamsPerConnection: 1024,
  streamsPerMessage: 200,
  messagesPerSec: 4,
  maxAttempts: 300,
  // NOTE: 10 s over Binance's 5 min: attempts reach the venue later than we count them.
  attemptWindowMs: 310_000,
  repairSettleMs: 1000,
  repairMaxBuckets: 3600,
} as const;

/** Counters of the Binance source. */
export interface BinanceStats extends SourceStats {
  /** Trades dropped because their id was already delivered (overlap, reconnect). */
  duplicateTrades: number;
  /** Error replies to SUBSCRIBE/UNSUBSCRIBE. */
  requestErrors: number;
  /** Gap-repair REST failures. */
  repairErrors: number;
  /** Candles sent by gap repairs. */
  repairedCandles: number;
  /** Open connections (active and overlapping replacements). */
  openConnections: number;
}

/** A Binance spot market source. */
export type BinanceSource = VenueSource<BinanceStats>;
