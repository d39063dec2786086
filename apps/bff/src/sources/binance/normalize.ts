import type { SourceQuote, SourceTrade } from '../types';
import type { BookTickerEvent, TradeEvent } from './frames';

/** Venue events → normalized trades and quotes (trade copies are dropped by venue-kit's `trade-dedupe.ts`). */
export interface Normalizer {
  /** The trade of an event, bid/ask from the latest book ticker of its symbol. */
  trade(symbol: string, e: TradeEvent): SourceTrade;
  /** The quote of a book-ticker event; null when it is not newer than the last one (update id `u`). */
  quote(symbol: string, e: BookTickerEvent, receivedAt: number): SourceQuote | null;
}

/** Creates a normalizer (state: last book update id and book per symbol). */
export function createNormalizer(): Normalizer {
  const lastBookId = new Map<string, number>();
  const book = new Map<string, { bid: number; ask: number }>();
  return {
    trade(symbol, e) {
      const q = book.get(symbol);
      return { symbol, id: e.t, price: e.p, size: e.q, side: e.m ? 'sell' : 'buy', time: e.T, bid: q?.bid ?? e.p, ask: q?.ask ?? e.p };
    },
    quote(symbol, e, receivedAt) {
      if (e.u <= (lastBookId.get(symbol) ?? -1)) return null;
      lastBookId.set(symbol, e.u);
      book.set(symbol, { bid: e.b, ask: e.a });
      // NOTE: bookTicker carries no time; the receive time stands in.
      return { symbol, bid: e.b, ask: e.a, time: receivedAt };
    },
  };
}
