import type { Quote } from '@candlewire/protocol';
import { createStore } from 'zustand/vanilla';

/** The latest quote of one symbol, or why there is none. */
export interface QuoteEntry {
  quote: Quote | null;
  error: { code: string; message: string } | null;
}

/** Latest quotes by symbol. Written by SDK listeners outside React renders. */
export interface QuotesState {
  bySymbol: Record<string, QuoteEntry>;
}

/** The quotes store; rows select their own symbol so one tick re-renders one row. */
export const quotesStore = createStore<QuotesState>()(() => ({ bySymbol: {} }));

/** Stores a quote (snapshot or update). */
export function putQuote(symbol: string, quote: Quote | null): void {
  quotesStore.setState((s) => ({ bySymbol: { ...s.bySymbol, [symbol]: { quote, error: null } } }));
}

/** Stores a channel error (e.g. UNKNOWN_SYMBOL), keeping the last quote if any. */
export function putQuoteError(symbol: string, code: string, message: string): void {
  quotesStore.setState((s) => ({
    bySymbol: { ...s.bySymbol, [symbol]: { quote: s.bySymbol[symbol]?.quote ?? null, error: { code, message } } },
  }));
}
