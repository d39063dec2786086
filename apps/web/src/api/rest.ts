import type { AppType } from '@candlewire/bff';
import type { Candle, Interval, SymbolInfo } from '@candlewire/protocol';
import { hc } from 'hono/client';

/** Typed REST client of the BFF (same origin; the Vite dev server proxies /api). */
export const rest = hc<AppType>('/');

/** The server does not know the symbol (REST 404 / channel UNKNOWN_SYMBOL). */
export class UnknownSymbolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownSymbolError';
  }
}

/** Markets the symbol search can filter by. */
export type MarketFilter = 'US' | 'CN' | 'HK' | 'CRYPTO';

async function failure(res: Response): Promise<Error> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return new Error(body.error.message);
  } catch {
    // not JSON: fall through to the status line
  }
  return new Error(`HTTP ${res.status} ${res.statusText}`.trim());
}

/** `GET /api/symbols?q=&market=`: instruments matching a query (every one for ''). */
export async function fetchSymbols(q: string, market?: MarketFilter, signal?: AbortSignal): Promise<SymbolInfo[]> {
  const query: { q?: string; market?: MarketFilter } = {};
  if (q !== '') query.q = q;
  if (market !== undefined) query.market = market;
  const res = await rest.api.symbols.$get({ query }, signal ? { init: { signal } } : undefined);
  if (!res.ok) throw await failure(res);
  const body = await res.json();
  return body.symbols;
}

/** `GET /api/candles`: up to `limit` candles strictly before `before` (epoch s; latest when undefined), oldest first. */
export async function fetchCandles(
  symbol: string,
  interval: Interval,
  before: number | undefined,
  limit: number,
  signal?: AbortSignal,
): Promise<Candle[]> {
  const query =
    before === undefined ? { symbol, interval, limit: String(limit) } : { symbol, interval, limit: String(limit), before: String(before) };
  const res = await rest.api.candles.$get({ query }, signal === undefined ? {} : { init: { signal } });
  if (res.status === 404) {
    const body = await res.json();
    throw new UnknownSymbolError(body.error.message);
  }
  if (!res.ok) throw new Error(`GET /api/candles: HTTP ${res.status}`);
  const body = await res.json();
  return body.candles;
}

/** `GET /api/status`: server, source and market statuses. */
export async function fetchStatus(signal?: AbortSignal) {
  const res = await rest.api.status.$get(undefined, signal ? { init: { signal } } : undefined);
  if (!res.ok) throw await failure(res);
  return res.json();
}
