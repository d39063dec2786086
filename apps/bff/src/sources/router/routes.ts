import { isMarketId, type Instrument, type MarketId } from '@candlewire/market';
import { ConfigError } from '../../config';
import type { MarketSource } from '../types';

/** Which source serves a market or a symbol, by source id. Symbol routes win over market routes. */
export interface RouteTable {
  markets: Partial<Record<MarketId, string>>;
  symbols: Record<string, string>;
}

/** A route or source list that cannot work; the message says what to change. */
export class RouteError extends ConfigError {}

/** Splits `{KEY: source}` (config `ROUTES`) into market and symbol routes. */
export function createRouteTable(routes: Readonly<Record<string, string>>): RouteTable {
  const table: RouteTable = { markets: {}, symbols: {} };
  for (const [key, target] of Object.entries(routes)) {
    if (isMarketId(key)) table.markets[key] = target;
    else table.symbols[key] = target;
  }
  return table;
}

/** The instruments served and the source that owns each symbol. */
export interface Ownership {
  instruments: Instrument[];
  owners: Map<string, MarketSource>;
}

/**
 * Decides the owner of every symbol the sources list: its symbol route, else its market's route
 * when that source lists it, else the first source (in order) that lists it.
 * NOTE: a route naming a source that is not running, or a symbol its source does not list, is a
 * startup error rather than a silent fallback: the operator asked for something we cannot do.
 */
export function resolveOwnership(sources: readonly MarketSource[], table: RouteTable): Ownership {
  const byId = new Map<string, MarketSource>();
  for (const s of sources) {
    if (byId.has(s.id)) throw new RouteError(`two sources have the id ${s.id}`);
    byId.set(s.id, s);
  }
  const listed = new Map<MarketSource, Map<string, Instrument>>(
    sources.map((s) => [s, new Map(s.instruments().map((i) => [i.symbol, i]))]),
  );
  const target = (key: string, id: string): MarketSource => {
    const s = byId.get(id);
    if (s === undefined) throw new RouteError(`ROUTES ${key}=${id}: no source ${id} is running (running: ${[...byId.keys()].join(', ')})`);
    return s;
  };
  for (const [market, id] of Object.entries(table.markets)) target(market, id);
  for (const [symbol, id] of Object.entries(table.symbols)) {
    const s = target(symbol, id);
    if (!listed.get(s)?.has(symbol)) throw new RouteError(`ROUTES ${symbol}=${id}: source ${id} does not serve ${symbol}`);
  }

  const instruments: Instrument[] = [];
  const owners = new Map<string, MarketSource>();
  for (const s of sources) {
    for (const instrument of s.instruments()) {
      const { symbol, market } = instrument;
      if (owners.has(symbol)) continue;
      const bySymbol = table.symbols[symbol];
      const byMarket = table.markets[market];
      let owner: MarketSource | undefined;
      if (bySymbol !== undefined) owner = byId.get(bySymbol);
      else if (byMarket !== undefined && listed.get(byId.get(byMarket) ?? s)?.has(symbol)) owner = byId.get(byMarket);
      owner ??= s;
      owners.set(symbol, owner);
      instruments.push(listed.get(owner)?.get(symbol) ?? instrument);
    }
  }
  return { instruments, owners };
}
