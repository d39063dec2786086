import type { EmptyBucketPolicy, Instrument, MarketId } from '@candlewire/market';
import type { Candle, Channel, Interval, Quote } from '@candlewire/protocol';
import type { Broker, SnapshotSeed } from '../broker/types';
import type { MarketSource, SourceState, SourceTrade } from '../sources/types';

/** The source the pipeline runs on: any `MarketSource`; a composite one (a router) also names each symbol's own source. */
export interface PipelineSource extends MarketSource {
  /** The source that serves `symbol` (its watermark group, on-demand streaming, trading hours). */
  ownerOf?(symbol: string): MarketSource | undefined;
}

/** Options of the pipeline. */
export interface PipelineOptions {
  source: PipelineSource;
  broker: Broker;
  /** Minimum time between two updates of one quote or candle channel. */
  throttleMs: number;
  emptyBuckets: EmptyBucketPolicy;
  now?: () => number;
}

/** Turns a source's trades into trades, quotes and candles on the broker's channels. */
export interface Pipeline {
  /** Resolves when every always-streaming symbol is loaded and live delivery runs. */
  start(): Promise<void>;
  stop(): void;
  instruments(): readonly Instrument[];
  instrument(symbol: string): Instrument | undefined;
  /** Candles strictly before `beforeSec`, oldest first, at most `limit`: what the live channel published. */
  candles(symbol: string, interval: Interval, beforeSec: number, limit: number): Promise<Candle[]>;
  /** Loads the snapshot history of a candles channel (the broker's seeder); activates the symbol. */
  seedSnapshot(channel: Channel): Promise<SnapshotSeed | null>;
  /** Starts aggregating an on-demand symbol (seeded from history); resolves when live. Idempotent. */
  activate(symbol: string): Promise<void>;
  /** Stops aggregating an on-demand symbol and forgets its channels' state. Always-streaming symbols stay. */
  deactivate(symbol: string): void;
  /** Symbols whose source reported them not live (`stale`, `closed`, `down`). */
  symbolStates(): ReadonlyMap<string, SourceState>;
  /** Trades from the source that named no known instrument. */
  rejectedTrades(): number;
  /** Venue candles that were malformed or named no known instrument. */
  rejectedCandles(): number;
  /**
   * End of `market`'s trading day (session scheduler): publishes each of its forming `1d` candles
   * as closed and rolls the baseline (that close is the next session's prevClose). Returns how
   * many were finalized; always-trading symbols have no end of day and are left alone.
   */
  finalizeDay(market: MarketId): number;
  /**
   * Read-only taps for on-demand consumers (market pulse): `trades` sees every batch after it was
   * aggregated (do not mutate it). Returns the detach function.
   */
  tap(listener: PipelineTap): () => void;
  /** The current quote of every active symbol that has a price (what `quote:{SYMBOL}` would show now). */
  quotes(): Quote[];
}

/** A read-only listener of the pipeline's input. */
export interface PipelineTap {
  trades(batch: readonly SourceTrade[]): void;
}
