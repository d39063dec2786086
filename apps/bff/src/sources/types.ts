import type { CandleState, Instrument } from '@candlewire/market';
import type { Interval, Trade } from '@candlewire/protocol';

/** A normalized trade from any source, with the quote (bid/ask) in force when it printed. */
export interface SourceTrade extends Trade {
  symbol: string;
  bid: number;
  ask: number;
}

/** Where a source delivers what it hears. */
export interface SourceSink {
  /** A batch of trades, in time order per symbol. */
  trades(batch: SourceTrade[]): void;
  /** Every trade with `time < ms` has been delivered: buckets ending at or before `ms` may close. */
  watermark(ms: number): void;
}

/** Health of a source (contract: `live | stale | closed | down`). */
export type SourceState = 'live' | 'stale' | 'closed' | 'down';

/** The one contract every market-data source satisfies (simulation now, venues later). */
export interface MarketSource {
  readonly id: string;
  /** Instruments this source serves. */
  instruments(): readonly Instrument[];
  /** Starts delivering trades with `time >= fromMs` to `sink`. */
  start(sink: SourceSink, fromMs: number): void;
  /** Stops delivering; idempotent. */
  stop(): void;
  health(): { state: SourceState; lastMessageAt: number | null };
  /** True when `symbol`'s market is trading (pre, regular or post session) at `ms`. */
  isTrading(symbol: string, ms: number): boolean;
  /**
   * True when `symbol` trades at every hour from this source (crypto; the simulation with
   * `SIM_SESSIONS=always`): then every bucket is a trading bucket. Otherwise buckets are gated by
   * the instrument's calendar (`isTradingBucket`), for the empty-bucket policy.
   */
  alwaysTrading(symbol: string): boolean;
  /**
   * Candles of every bucket of `interval` with start >= `fromSec`, aggregated from all trades with
   * `time < untilMs`. Buckets ending at or before `untilMs` are closed (empty ones per the
   * empty-bucket policy); the bucket holding `untilMs` is included, forming, when it has a trade.
   * Oldest first.
   */
  history(symbol: string, interval: Interval, fromSec: number, untilMs: number): Promise<CandleState[]>;
}
