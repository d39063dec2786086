import type { SymbolInfo } from '@candlewire/protocol';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchStatus, fetchSymbols } from './rest';

/** Query options of a symbol search; `fetchQuery` with these shares the cache with the hook. */
export function symbolsQuery(q: string) {
  return queryOptions({
    queryKey: ['symbols', q.trim().toLowerCase()] as const,
    queryFn: ({ signal }) => fetchSymbols(q.trim(), undefined, signal),
    staleTime: 5 * 60_000,
  });
}

/** Live search results for `q` (keeps the previous results while the next ones load). */
export function useSymbolSearch(q: string, enabled: boolean) {
  return useQuery({ ...symbolsQuery(q), enabled, placeholderData: keepPreviousData });
}

/** Every instrument, loaded once per session: rows, movers and charts read names, tick sizes and zones from it. */
export const allInstrumentsQuery = queryOptions({ ...symbolsQuery(''), staleTime: Infinity, refetchOnWindowFocus: false });

/** Every instrument (the one `/api/symbols` list of the app, shared through the query cache). */
export function useInstruments() {
  return useQuery(allInstrumentsQuery);
}

/** One instrument's info (name, market, tick size), or undefined while loading/unknown. */
export function useInstrument(symbol: string): SymbolInfo | undefined {
  const select = useCallback((list: SymbolInfo[]) => list.find((i) => i.symbol === symbol), [symbol]);
  return useQuery({ ...allInstrumentsQuery, select }).data;
}

/** `/api/status`, refreshed every 10 s. */
export function useServerStatus() {
  return useQuery({ queryKey: ['status'], queryFn: ({ signal }) => fetchStatus(signal), refetchInterval: 10_000, retry: false });
}
