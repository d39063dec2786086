import { channel } from '@candlewire/protocol';
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { queueQuote, queueQuoteError, quotesStore, type QuoteEntry } from '../stores/quotes-store';
import { useClient } from './client-context';
import { useChannelStale } from './use-stale';

/** A quote entry as shown: `delayed` when the gateway says the channel is stale (its quote then shows `stale`). */
export type ShownQuote = QuoteEntry & { delayed: boolean };

/**
 * The live quote of `symbol`. Subscribes `quote:SYMBOL` while mounted (the SDK ref-counts
 * listeners, so many rows and charts can share one server subscription). The SDK listener
 * writes to the quotes store outside React, at the next UI beat with every other quote of it;
 * this component re-renders only for its symbol.
 * While the gateway says the channel is stale (it lost its data store) the quote shows `stale`.
 */
export function useQuote(symbol: string): ShownQuote | undefined {
  const client = useClient();
  useEffect(
    () =>
      client.subscribe(channel.quote(symbol), (event) => {
        switch (event.type) {
          case 'snapshot':
            // NOTE: a null snapshot (no trade yet) keeps what we showed before.
            if (event.snapshot !== null) queueQuote(symbol, event.snapshot);
            break;
          case 'update':
            queueQuote(symbol, event.data);
            break;
          case 'error':
            queueQuoteError(symbol, event.code, event.message);
            break;
        }
      }),
    [client, symbol],
  );
  const entry = useStore(quotesStore, (s) => s.bySymbol[symbol]);
  const delayed = useChannelStale(channel.quote(symbol));
  return useMemo(() => {
    if (entry === undefined) return undefined;
    const quote = delayed && entry.quote !== null ? { ...entry.quote, state: 'stale' as const } : entry.quote;
    return { ...entry, quote, delayed };
  }, [entry, delayed]);
}
