import type { SourceTrade } from '../types';

/** Most trades kept per symbol, whatever their age. */
const MAX_PER_SYMBOL = 20_000;

/** Recent trades per symbol: venues without 1s bars build 1s history from them. */
export interface RecentTrades {
  add(trade: SourceTrade): void;
  /** The kept trades of `symbol`, oldest first. */
  list(symbol: string): readonly SourceTrade[];
  forget(symbol: string): void;
}

/** Keeps each symbol's trades of the last `keepMs` (by trade time), at most 20,000. */
export function createRecentTrades(keepMs: number): RecentTrades {
  const bySymbol = new Map<string, SourceTrade[]>();
  return {
    add(trade) {
      const list = bySymbol.get(trade.symbol) ?? [];
      list.push(trade);
      let drop = 0;
      while (drop < list.length && ((list[drop]?.time ?? 0) < trade.time - keepMs || list.length - drop > MAX_PER_SYMBOL)) drop++;
      if (drop > 0) list.splice(0, drop);
      bySymbol.set(trade.symbol, list);
    },
    list: (symbol) => bySymbol.get(symbol) ?? [],
    forget: (symbol) => void bySymbol.delete(symbol),
  };
}
