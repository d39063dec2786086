import type { Config } from '../../config';
import type { BinanceSourceOptions, SourceLogger } from './options';
import { createBinanceInstruments } from './symbols';

export { createBinanceSource } from './binance-source';
export { BINANCE_DEFAULTS, type BinanceSource, type BinanceSourceOptions, type BinanceStats, type SourceLogger } from './options';
export { createBinanceInstruments, streamName, toBinanceSymbol } from './symbols';

/** Binance source options from the BFF config (`BINANCE_*` keys). */
export function binanceOptionsFromConfig(config: Config, logger?: SourceLogger): BinanceSourceOptions {
  return {
    wsUrl: config.BINANCE_WS_URL,
    restUrl: config.BINANCE_REST_URL,
    instruments: createBinanceInstruments(config.BINANCE_SYMBOLS, config.BINANCE_SYMBOLS_ONLY ? 'only' : 'extend'),
    latenessMs: config.BINANCE_LATENESS_MS,
    staleMs: config.BINANCE_STALE_MS,
    plannedCutMs: config.BINANCE_PLANNED_CUT_MS,
    messagesPerSec: config.BINANCE_MESSAGES_PER_SEC,
    maxStreamsPerConnection: config.BINANCE_MAX_STREAMS,
    ...(logger ? { logger } : {}),
  };
}
