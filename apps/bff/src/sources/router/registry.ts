import { INSTRUMENTS, type Instrument } from '@candlewire/market';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { createAlpacaSourceFromConfig } from '../alpaca';
import { binanceOptionsFromConfig, createBinanceSource } from '../binance';
import { createSimSource } from '../sim';
import type { MarketSource } from '../types';
import { createYahooSourceFromConfig } from '../yahoo';

/** What a source constructor gets: the config, its `name:ARG` argument, the extra instruments. */
export interface SourceFactoryContext {
  config: Config;
  /** The part after `name:` in `SOURCE` (e.g. the file of `replay:FILE`). */
  arg: string | undefined;
  /** `EXTRA_INSTRUMENTS`: a source serves those it can (its markets) and ignores the rest. */
  extraInstruments: readonly Instrument[];
  logger: Logger;
}

/** A source that cannot run with this config, and why (e.g. missing API keys). */
export interface DisabledSource {
  disabled: string;
}

/** Builds one source from the config. */
export type SourceFactory = (ctx: SourceFactoryContext) => MarketSource | DisabledSource;

/**
 * Every source `SOURCE` / `ROUTES` can name. Venue branches add their constructor here
 * (`binance: (ctx) => createBinanceSource({...})`).
 */
export const SOURCE_FACTORIES: Readonly<Record<string, SourceFactory>> = {
  sim: ({ config, extraInstruments }) =>
    createSimSource({
      seed: config.SIM_SEED,
      sessions: config.SIM_SESSIONS,
      emptyBuckets: config.EMPTY_BUCKETS,
      tickMs: config.SIM_TICK_MS,
      onTime: true,
      precompute: config.SIM_PRECOMPUTE,
      historyCacheDir: config.SIM_HISTORY_CACHE,
      ...(config.SIM_TRADES_PER_SEC !== undefined ? { tradesPerSec: config.SIM_TRADES_PER_SEC } : {}),
      ...(extraInstruments.length > 0 ? { instruments: [...INSTRUMENTS, ...extraInstruments] } : {}),
    }),
  binance: ({ config, extraInstruments, logger }) => {
    const options = binanceOptionsFromConfig(config, logger);
    const base = options.instruments ?? [];
    const known = new Set(base.map((i) => i.symbol));
    const extra = extraInstruments.filter((i) => i.market === 'CRYPTO' && !known.has(i.symbol));
    return createBinanceSource({ ...options, instruments: [...base, ...extra] });
  },
  // NOTE: Yahoo and Alpaca keep the instruments of their own markets (US/CN/HK, US) from the list.
  yahoo: ({ config, extraInstruments, logger }) =>
    createYahooSourceFromConfig(config, { logger, instruments: [...INSTRUMENTS, ...extraInstruments] }),
  alpaca: ({ config, extraInstruments, logger }) =>
    createAlpacaSourceFromConfig(config, { logger, instruments: [...INSTRUMENTS, ...extraInstruments] }),
};
