import { channel } from '@candlewire/protocol';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { putQuote, putQuoteError, quotesStore, type QuoteEntry } from '../stores/quotes-store';
import { useClient } from './client-context';

/**
 * The live quote of `symbol`. Subscribes `quote:SYMBOL` while mounted (the SDK ref-counts
 * listeners, so many rows and charts can share one server subscription). The SDK listener
 * writes to the quotes store outside React; this component re-renders only for its symbol.
 */
export function useQuote(symbol: string): QuoteEntry | undefined {
  const client = useClient();
  useEffect(
    () =>
      client.subscribe(channel.quote(symbol), (event) => {
        switch (event.type) {
          case 'snapshot':
            // NOTE: a null snapshot (no trade yet) keeps what we showed before.
            if (event.snapshot !== null) putQuote(symbol, event.snapshot);
            break;
          case 'update':
            putQuote(symbol, event.data);
            break;
          case 'error':
            putQuoteError(symbol, event.code, event.message);
            break;
        }
      }),
    [client, symbol],
  );
  return useStore(quotesStore, (s) => s.bySymbol[symbol]);
}
