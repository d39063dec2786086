import type { SourceSink, SourceState, SourceTrade } from '../sources/types';
import type { PendingEvent } from './activation';
import type { SymbolState } from './symbol-state';

/** The sink the pipeline gives its source: per-source watermarks through `watermarkOf` (a router's). */
export interface PipelineSink extends SourceSink {
  /** Like `watermark`, for the symbols owned by source `sourceId` only. */
  watermarkOf(sourceId: string, ms: number): void;
}

/** What the ingest stage feeds. */
export interface IngestTargets {
  now(): number;
  /** The live state of `symbol`, when it is active. */
  active(symbol: string): SymbolState | undefined;
  /** Holds `event` while `symbol` loads; false when it is not loading. */
  hold(symbol: string, event: PendingEvent): boolean;
  /** True when the pipeline serves `symbol` (active or not). */
  isKnown(symbol: string): boolean;
  /** Stage 2: applies an event of an active symbol. */
  apply(s: SymbolState, event: PendingEvent, at: number): void;
  /** Advances the watermark of source `sourceId` (every source when null): closes buckets. */
  advance(sourceId: string | null, ms: number, at: number): void;
  /** Shows a trades batch to the pipeline's taps, after it was aggregated. */
  tapped(batch: readonly SourceTrade[]): void;
  /** Re-checks quote states (at most once a second) after a watermark. */
  checkStates(at: number): void;
  /** Stage 3: offers changed quotes and publishes what the throttle lets out; `lazy`: skip when a flush is scheduled. */
  flush(at: number, lazy: boolean): void;
  /** A symbol's health as its source reports it. */
  symbolState(symbol: string, state: SourceState): void;
}

/** Stage 1 of the pipeline: the source's sink, which routes every event to its symbol. */
export interface IngestStage {
  readonly sink: PipelineSink;
  /** Trades that named no known instrument. */
  rejectedTrades(): number;
  /** Venue candles that named no known instrument. */
  rejectedCandles(): number;
}

/** Creates the ingest stage. */
export function createIngestStage(t: IngestTargets): IngestStage {
  let rejectedTrades = 0;
  let rejectedCandles = 0;

  /** Routes one event: live symbol, loading symbol (held), inactive on-demand symbol (dropped), unknown (rejected). */
  const deliver = (symbol: string, e: PendingEvent, at: number): void => {
    const s = t.active(symbol);
    if (s !== undefined) return t.apply(s, e, at);
    if (t.hold(symbol, e)) return;
    if (t.isKnown(symbol)) return; // NOTE: an on-demand symbol between unsubscribe and the venue's last frames.
    if (e.kind === 'trade') rejectedTrades++;
    else if (e.kind === 'candle') rejectedCandles++;
  };
  const onWatermark = (sourceId: string | null, ms: number): void => {
    const at = t.now();
    t.advance(sourceId, ms, at);
    t.checkStates(at);
    t.flush(at, false);
  };
  const sink: PipelineSink = {
    trades(batch) {
      const at = t.now();
      for (const trade of batch) deliver(trade.symbol, { kind: 'trade', trade }, at);
      t.tapped(batch);
      t.flush(at, true);
    },
    watermark: (ms) => onWatermark(null, ms),
    watermarkOf: (sourceId, ms) => onWatermark(sourceId, ms),
    quotes(batch) {
      const at = t.now();
      for (const quote of batch) deliver(quote.symbol, { kind: 'quote', quote }, at);
      t.flush(at, true);
    },
    candles(batch) {
      const at = t.now();
      for (const candle of batch) deliver(candle.symbol, { kind: 'candle', candle }, at);
      t.flush(at, false);
    },
    symbolState: (symbol, state) => t.symbolState(symbol, state),
  };
  return { sink, rejectedTrades: () => rejectedTrades, rejectedCandles: () => rejectedCandles };
}
