import { INSTRUMENTS, MARKET_TIMEZONES, type Instrument } from '@candlewire/market';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { MarketSource } from '../types';
import { SOURCE_FACTORIES, type SourceFactory } from './registry';
import { createRouterSource, type RouterSource } from './router-source';
import { RouteError, createRouteTable } from './routes';

/** `SOURCE=live`: the keyless venues, crypto on Binance and stocks on Yahoo. */
export const LIVE_SHORTHAND = {
  sources: ['binance', 'yahoo'],
  routes: { CRYPTO: 'binance', US: 'yahoo', CN: 'yahoo', HK: 'yahoo' },
} as const;

/** Options of `createSourcesFromConfig`. */
export interface SourcesFromConfigOptions {
  logger: Logger;
  /** Constructors by source name (default SOURCE_FACTORIES). */
  factories?: Readonly<Record<string, SourceFactory>>;
}

/** `EXTRA_INSTRUMENTS` as instruments; a symbol may not repeat a built-in one or another extra. */
export function extraInstrumentsOf(config: Pick<Config, 'EXTRA_INSTRUMENTS'>): Instrument[] {
  const seen = new Set(INSTRUMENTS.map((i) => i.symbol));
  return config.EXTRA_INSTRUMENTS.map((row) => {
    if (seen.has(row.symbol)) throw new RouteError(`EXTRA_INSTRUMENTS: ${row.symbol} is already an instrument`);
    seen.add(row.symbol);
    return { ...row, timezone: MARKET_TIMEZONES[row.market] };
  });
}

/**
 * Builds every source that `SOURCE` and `ROUTES` name and composes them into one router.
 * Sources named only in `ROUTES` are started too. A disabled source (Alpaca without keys) or an
 * unknown one is a startup error with the reason.
 */
export function createSourcesFromConfig(config: Config, options: SourcesFromConfigOptions): RouterSource {
  const factories = options.factories ?? SOURCE_FACTORIES;
  const routes: Record<string, string> = {};
  const names: string[] = [];
  const add = (name: string): void => {
    if (!names.includes(name)) names.push(name);
  };
  for (const item of config.SOURCE) {
    if (item !== 'live') {
      add(item);
      continue;
    }
    for (const name of LIVE_SHORTHAND.sources) add(name);
    Object.assign(routes, LIVE_SHORTHAND.routes);
  }
  // NOTE: explicit routes override the shorthand's.
  Object.assign(routes, config.ROUTES);
  for (const target of Object.values(routes)) if (!names.some((n) => n.split(':', 1)[0] === target)) add(target);

  const extraInstruments = extraInstrumentsOf(config);
  const sources: MarketSource[] = [];
  for (const item of names) {
    const colon = item.indexOf(':');
    const name = colon < 0 ? item : item.slice(0, colon);
    const arg = colon < 0 ? undefined : item.slice(colon + 1);
    const factory = factories[name];
    if (factory === undefined) {
      throw new RouteError(
        `unknown source ${name} (SOURCE=${config.SOURCE.join(',')}); available: ${Object.keys(factories).join(', ')}, live`,
      );
    }
    const made = factory({ config, arg, extraInstruments, logger: options.logger.child({ source: name }) });
    if ('disabled' in made) {
      const routed = Object.entries(routes)
        .filter(([, t]) => t === name)
        .map(([k]) => k);
      const via = routed.length > 0 ? `ROUTES ${routed.map((k) => `${k}=${name}`).join(',')}` : `SOURCE=${config.SOURCE.join(',')}`;
      const reason = made.disabled.startsWith(name) ? made.disabled : `source ${name} is disabled: ${made.disabled}`;
      throw new RouteError(`${via}: ${reason}`);
    }
    sources.push(made);
  }
  const router = createRouterSource({ sources, routes: createRouteTable(routes) });
  const served = new Set(router.instruments().map((i) => i.symbol));
  const orphans = extraInstruments.filter((i) => !served.has(i.symbol));
  if (orphans.length > 0) {
    throw new RouteError(
      `EXTRA_INSTRUMENTS: no running source (${router.id}) serves ${orphans.map((i) => `${i.symbol} (${i.market})`).join(', ')}`,
    );
  }
  return router;
}
