import type { CandleState, Instrument } from '@candlewire/market';
import type { Candle, Interval, Trade } from '@candlewire/protocol';

/** A normalized trade from any source, with the quote (bid/ask) in force when it printed. */
export interface SourceTrade extends Trade {
  symbol: string;
  bid: number;
  ask: number;
}

/** A bid/ask change between trades, from venues that stream quotes. */
export interface SourceQuote {
  symbol: string;
  bid: number;
  ask: number;
  /** Epoch ms. */
  time: number;
}

/**
 * A candle as the venue itself reports it: a correction of a bucket already published (Alpaca
 * `updatedBars`) or a repair from the venue's REST history after an upstream gap. It replaces
 * the values of its bucket; clients receive it as a revised candle on the candles channel.
 */
export interface SourceCandle {
  symbol: string;
  interval: Interval;
  /** Volume in instrument units (decimal), like the wire. */
  candle: Candle;
}

/** Health of a source or of one of its symbols (contract: `live | stale | closed | down`). */
export type SourceState = 'live' | 'stale' | 'closed' | 'down';

/** Where a source delivers what it hears. Venue shapes never reach the sink: only these. */
export interface SourceSink {
  /** A batch of trades, in time order per symbol. */
  trades(batch: SourceTrade[]): void;
  /** Every trade with `time < ms` has been delivered: buckets ending at or before `ms` may close. */
  watermark(ms: number): void;
  /** Bid/ask updates without a trade. */
  quotes(batch: SourceQuote[]): void;
  /** Venue candles that replace their buckets' values (corrections, gap repairs). */
  candles(batch: SourceCandle[]): void;
  /** One symbol's health changed (stale watchdog, upstream down, session closed). */
  symbolState(symbol: string, state: SourceState): void;
}

/** Counters a source exposes for `/metrics` and logs. */
export interface SourceStats {
  /** Upstream frames that failed validation at the edge and were dropped. */
  rejectedFrames: number;
  /** Upstream (re)connections opened. */
  connects: number;
  /** Upstream frames received. */
  frames: number;
}

/** The one contract every market-data source satisfies (the simulation, the venues, replay and recording). */
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
  /** True when `symbol`'s prices are generated (the simulation), not heard from a venue; absent = never. */
  simulated?(symbol: string): boolean;
  /**
   * Candles of every bucket of `interval` with start >= `fromSec`, aggregated from all trades with
   * `time < untilMs`. Buckets ending at or before `untilMs` are closed (empty ones per the
   * empty-bucket policy); the bucket holding `untilMs` is included, forming, when it has a trade.
   * Oldest first.
   */
  history(symbol: string, interval: Interval, fromSec: number, untilMs: number): Promise<CandleState[]>;
  /**
   * Interest-driven upstream: start receiving `symbols` (idempotent, incremental). Sources that
   * stream everything at no upstream cost (the simulation) leave it out.
   */
  subscribe?(symbols: readonly string[]): void;
  /** Stop receiving `symbols` upstream (idempotent). */
  unsubscribe?(symbols: readonly string[]): void;
  /** Counters for metrics; absent = nothing to count. */
  stats?(): SourceStats;
}

/** One entry of `/api/status` `sources`: the source's own health plus its symbols that are not live. */
export interface SourceStatus {
  id: string;
  state: SourceState;
  lastMessageAt: number | null;
  /** Symbols this source reported `stale`, `closed` or `down` (absent = live). */
  symbols: Record<string, SourceState>;
}
