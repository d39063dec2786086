/** REST history for the chart: react-query over the app's REST client (`/api/candles`). */
import type { Candle, Interval } from '@candlewire/protocol';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { fetchCandles, UnknownSymbolError } from '../api/rest';

export { UnknownSymbolError } from '../api/rest';

/** Candles per history page (latest load and each scroll-back page). */
export const PAGE_SIZE = 500;

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
