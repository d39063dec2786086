import type { RoutedSink } from '../sources/router/router-source';
import type { SourceState, SourceTrade } from '../sources/types';
import type { PendingEvent } from './activation';

/** What the source's sink drives in the pipeline. */
export interface SinkTargets {
  now(): number;
  /** Routes one event to its symbol (live, loading, inactive or unknown). */
  deliver(symbol: string, event: PendingEvent, at: number): void;
  /** Shows a trades batch to the pipeline's taps, after it was aggregated. */
  tapped(batch: readonly SourceTrade[]): void;
  /** Advances the watermark of source `sourceId` (every source when null): closes buckets. */
  advance(sourceId: string | null, ms: number, at: number): void;
  /** Re-checks quote states (at most once a second) after a watermark. */
  checkStates(at: number): void;
  /** Offers changed quotes and publishes what the throttle lets out; `lazy`: skip when a flush is scheduled. */
  flush(at: number, lazy: boolean): void;
  symbolState(symbol: string, state: SourceState): void;
}

/** The sink the pipeline gives its source (per-source watermarks through `watermarkOf`). */
export function createPipelineSink(t: SinkTargets): RoutedSink {
  const onWatermark = (sourceId: string | null, ms: number): void => {
    const at = t.now();
    t.advance(sourceId, ms, at);
    t.checkStates(at);
    t.flush(at, false);
  };
  return {
    trades(batch) {
      const at = t.now();
      for (const trade of batch) t.deliver(trade.symbol, { kind: 'trade', trade }, at);
      t.tapped(batch);
      t.flush(at, true);
    },
    watermark: (ms) => onWatermark(null, ms),
    watermarkOf: (sourceId, ms) => onWatermark(sourceId, ms),
    quotes(batch) {
      const at = t.now();
      for (const quote of batch) t.deliver(quote.symbol, { kind: 'quote', quote }, at);
      t.flush(at, true);
    },
    candles(batch) {
      const at = t.now();
      for (const candle of batch) t.deliver(candle.symbol, { kind: 'candle', candle }, at);
      t.flush(at, false);
    },
    symbolState: (symbol, state) => t.symbolState(symbol, state),
  };
}
