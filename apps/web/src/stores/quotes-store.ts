import type { Quote } from '@candlewire/protocol';
import { createStore } from 'zustand/vanilla';
import { beat } from '../lib/beat';

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

/** One write of a symbol's entry, given what it held. */
type QuoteWrite = (prev: QuoteEntry | undefined) => QuoteEntry;

const quoteWrite =
  (quote: Quote | null): QuoteWrite =>
  () => ({ quote, error: null });
// NOTE: an error keeps the last quote, so a row still shows its price beside the badge.
const errorWrite =
  (code: string, message: string): QuoteWrite =>
  (prev) => ({ quote: prev?.quote ?? null, error: { code, message } });

function apply(writes: ReadonlyMap<string, QuoteWrite>): void {
  quotesStore.setState((s) => {
    const bySymbol = { ...s.bySymbol };
    for (const [symbol, write] of writes) bySymbol[symbol] = write(s.bySymbol[symbol]);
    return { bySymbol };
  });
}

/** Stores a quote (snapshot or update) now. */
export function putQuote(symbol: string, quote: Quote | null): void {
  apply(new Map([[symbol, quoteWrite(quote)]]));
}

/** Stores a channel error (e.g. UNKNOWN_SYMBOL) now, keeping the last quote if any. */
export function putQuoteError(symbol: string, code: string, message: string): void {
  apply(new Map([[symbol, errorWrite(code, message)]]));
}

let pending = new Map<string, QuoteWrite>();

function queue(symbol: string, write: QuoteWrite): void {
  const wasEmpty = pending.size === 0;
  const before = pending.get(symbol);
  pending.set(symbol, before === undefined ? write : (prev) => write(before(prev)));
  if (wasEmpty)
    beat.next(() => {
      const batch = pending;
      pending = new Map();
      apply(batch);
    });
}

/** Stores a quote at the next UI beat, with every other quote of that beat in one store update. */
export function queueQuote(symbol: string, quote: Quote | null): void {
  queue(symbol, quoteWrite(quote));
}

/** Stores a channel error at the next UI beat, in order with the symbol's quotes. */
export function queueQuoteError(symbol: string, code: string, message: string): void {
  queue(symbol, errorWrite(code, message));
}
