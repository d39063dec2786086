/** Yahoo Finance source: public entry points (the routing code builds it from config). */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { createYahooSource, type YahooSource, type YahooSourceOptions } from './yahoo-source';

export { createYahooSource, type YahooSource, type YahooSourceOptions, type YahooStats } from './yahoo-source';
export { createSymbolMap, toYahooSymbol, YAHOO_MARKETS } from './symbols';

/** The Yahoo source configured from YAHOO_* settings. */
export function createYahooSourceFromConfig(config: Config, extra: Partial<YahooSourceOptions> & { logger?: Logger } = {}): YahooSource {
  return createYahooSource({
    wsUrl: config.YAHOO_WS_URL,
    restUrl: config.YAHOO_REST_URL,
    emptyBuckets: config.EMPTY_BUCKETS,
    staleMs: config.YAHOO_STALE_MS,
    resubscribeMs: config.YAHOO_RESUBSCRIBE_MS,
    reconnectMaxMs: config.YAHOO_RECONNECT_MAX_MS,
    restConcurrency: config.YAHOO_REST_CONCURRENCY,
    ...extra,
  });
}
