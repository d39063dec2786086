import type { SourceCandle, SourceQuote, SourceSink, SourceState, SourceTrade } from '../src/sources/types';

/** A SourceSink that records everything a source delivers (for source tests). */
export interface RecordingSink extends SourceSink {
  readonly tradeLog: SourceTrade[];
  readonly quoteLog: SourceQuote[];
  readonly candleLog: SourceCandle[];
  readonly stateLog: { symbol: string; state: SourceState }[];
  readonly watermarks: number[];
  /** The latest state reported for `symbol`. */
  lastState(symbol: string): SourceState | undefined;
}

/** Creates an empty recording sink. */
export function createRecordingSink(): RecordingSink {
  const sink: RecordingSink = {
    tradeLog: [],
    quoteLog: [],
    candleLog: [],
    stateLog: [],
    watermarks: [],
    trades: (batch) => void sink.tradeLog.push(...batch),
    quotes: (batch) => void sink.quoteLog.push(...batch),
    candles: (batch) => void sink.candleLog.push(...batch),
    symbolState: (symbol, state) => void sink.stateLog.push({ symbol, state }),
    watermark: (ms) => void sink.watermarks.push(ms),
    lastState: (symbol) => sink.stateLog.filter((s) => s.symbol === symbol).at(-1)?.state,
  };
  return sink;
}
