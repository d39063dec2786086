/** Alpaca source: public entry points (the routing code builds it from config). */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { createAlpacaSource, type AlpacaSource, type AlpacaSourceOptions } from './alpaca-source';
import { alpacaCredentials, isAlpacaEnabled, type AlpacaDisabled } from './credentials';

export { createAlpacaSource, type AlpacaSource, type AlpacaSourceOptions, type AlpacaStats } from './alpaca-source';
export { alpacaCredentials, isAlpacaEnabled, type AlpacaCredentials, type AlpacaDisabled } from './credentials';

/** The stream URL of the configured feed (`{feed}` in ALPACA_WS_URL replaced by ALPACA_FEED). */
export function alpacaStreamUrl(config: Pick<Config, 'ALPACA_WS_URL' | 'ALPACA_FEED'>): string {
  return config.ALPACA_WS_URL.replaceAll('{feed}', config.ALPACA_FEED);
}

/** The Alpaca source configured from ALPACA_* settings, or why it is disabled (no keys). */
export function createAlpacaSourceFromConfig(
  config: Config,
  extra: Partial<AlpacaSourceOptions> & { logger?: Logger } = {},
): AlpacaSource | AlpacaDisabled {
  const credentials = alpacaCredentials(config);
  if (!isAlpacaEnabled(credentials)) return credentials;
  return createAlpacaSource({
    credentials,
    wsUrl: alpacaStreamUrl(config),
    restUrl: config.ALPACA_REST_URL,
    feed: config.ALPACA_FEED,
    emptyBuckets: config.EMPTY_BUCKETS,
    authTimeoutMs: config.ALPACA_AUTH_TIMEOUT_MS,
    staleMs: config.ALPACA_STALE_MS,
    reconnectMaxMs: config.ALPACA_RECONNECT_MAX_MS,
    ...extra,
  });
}
