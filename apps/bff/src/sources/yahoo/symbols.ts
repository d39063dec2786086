/**
 * Our symbols ↔ Yahoo's: Shanghai `600000.SH` ↔ `600000.SS`; Shenzhen `000001.SZ` and Hong
 * Kong `0700.HK` are the same; US share classes `BRK.B` ↔ `BRK-B` (Yahoo writes the class
 * with a dash); other US tickers as they are.
 */
import type { Instrument, MarketId } from '@candlewire/market';

/** Markets the Yahoo streamer serves for Candlewire. */
export const YAHOO_MARKETS = ['US', 'CN', 'HK'] as const satisfies readonly MarketId[];

/** True when Yahoo serves `instrument`'s market. */
export function isYahooMarket(market: MarketId): boolean {
  return (YAHOO_MARKETS as readonly MarketId[]).includes(market);
}

/** Yahoo's symbol for one of ours. */
export function toYahooSymbol(instrument: Pick<Instrument, 'symbol' | 'market'>): string {
  const { symbol, market } = instrument;
  if (market === 'CN' && symbol.endsWith('.SH')) return `${symbol.slice(0, -3)}.SS`;
  if (market === 'US') return symbol.replaceAll('.', '-');
  return symbol;
}

/** Two-way symbol table over a set of instruments. */
export interface SymbolMap {
  /** Yahoo's symbol for ours, or undefined when the instrument is not served. */
  toYahoo(symbol: string): string | undefined;
  /** Our symbol for Yahoo's, or undefined when Yahoo names something we do not serve. */
  fromYahoo(yahooSymbol: string): string | undefined;
}

/** Builds the symbol table of `instruments` (non-Yahoo markets are left out). */
export function createSymbolMap(instruments: readonly Instrument[]): SymbolMap {
  const ours = new Map<string, string>();
  const theirs = new Map<string, string>();
  for (const instrument of instruments) {
    if (!isYahooMarket(instrument.market)) continue;
    const yahoo = toYahooSymbol(instrument);
    ours.set(instrument.symbol, yahoo);
    // NOTE: Yahoo echoes ids upper-case; the lookup is case-insensitive for safety.
    theirs.set(yahoo.toUpperCase(), instrument.symbol);
  }
  return {
    toYahoo: (symbol) => ours.get(symbol),
    fromYahoo: (yahooSymbol) => theirs.get(yahooSymbol.toUpperCase()),
  };
}
