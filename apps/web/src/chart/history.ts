/** REST history for the chart: typed hono client over `/api/candles` and `/api/symbols`. */
import type { AppType } from '@candlewire/bff';
import type { Candle, Interval, SymbolInfo } from '@candlewire/protocol';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { hc } from 'hono/client';

const api = hc<AppType>('/');

/** Candles per history page (latest load and each scroll-back page). */
export const PAGE_SIZE = 500;

/** The server does not know the symbol (REST 404 / channel UNKNOWN_SYMBOL). */
export class UnknownSymbolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownSymbolError';
  }
}

/** Candles strictly before `before` (epoch s; latest when undefined), oldest first. */
export async function fetchCandles(symbol: string, interval: Interval, before: number | undefined, limit = PAGE_SIZE, signal?: AbortSignal): Promise<Candle[]> {
  const query = before === undefined ? { symbol, interval, limit: String(limit) } : { symbol, interval, limit: String(limit), before: String(before) };
  const res = await api.api.candles.$get({ query }, signal === undefined ? {} : { init: { signal } });
  if (res.status === 404) {
    const body = await res.json();
    throw new UnknownSymbolError(body.error.message);
  }
  if (!res.ok) throw new Error(`GET /api/candles: HTTP ${res.status}`);
  const body = await res.json();
  return body.candles;
}

/** Query key of a history page; `before` null = the latest page. */
export function candlesKey(symbol: string, interval: Interval, before: number | null): readonly unknown[] {
  return ['chart', 'candles', symbol, interval, before];
}

const retry = (count: number, error: unknown): boolean => !(error instanceof UnknownSymbolError) && count < 3;

/** The latest page for a chart (react-query: retried, shared between charts of the same key). */
export function useLatestCandles(symbol: string, interval: Interval) {
  return useQuery({
    queryKey: candlesKey(symbol, interval, null),
    queryFn: ({ signal }) => fetchCandles(symbol, interval, undefined, PAGE_SIZE, signal),
    // NOTE: the live channel keeps the chart current; a refetch would only re-merge known buckets.
    staleTime: Infinity,
    gcTime: 0,
    retry,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** A page before `before`, through the query cache (so two charts scrolling the same series share it). */
export function fetchPage(queryClient: QueryClient, symbol: string, interval: Interval, before: number, limit: number): Promise<Candle[]> {
  return queryClient.fetchQuery({
    queryKey: [...candlesKey(symbol, interval, before), limit],
    queryFn: ({ signal }) => fetchCandles(symbol, interval, before, limit, signal),
    // NOTE: pages end before `before`, so they are closed buckets, but a restarted server may
    // rebuild them: keep them briefly, and never retry here (the caller decides).
    staleTime: 10_000,
    gcTime: 30_000,
    retry: false,
  });
}

/** Every instrument (tick size, time zone), loaded once per session. */
export function useSymbols() {
  return useQuery({
    // NOTE: keys are namespaced under 'chart' so they never collide with the shell's own queries.
    queryKey: ['chart', 'symbols'],
    queryFn: async (): Promise<SymbolInfo[]> => {
      const res = await api.api.symbols.$get({ query: {} });
      if (!res.ok) throw new Error(`GET /api/symbols: HTTP ${res.status}`);
      return (await res.json()).symbols;
    },
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
