import type { SourceTrade } from '../types';

/** Drops copies of delivered trades, for venues whose trade ids rise monotonically per symbol (Binance). */
export interface TradeDedupe {
  /** The trades of `batch` not delivered yet, in order; records them as delivered. */
  fresh(batch: readonly SourceTrade[]): SourceTrade[];
  /** Trades dropped by `fresh` so far. */
  duplicates(): number;
}

/** Creates a de-duplicator (state: the last delivered trade id per symbol). */
export function createTradeDedupe(): TradeDedupe {
  const lastTradeId = new Map<string, number>();
  let duplicates = 0;
  return {
    fresh(batch) {
      const out: SourceTrade[] = [];
      for (const t of batch) {
        // NOTE: anything not above the last id delivered is a copy (overlapping connections,
        // replays after a reconnect).
        if (t.id <= (lastTradeId.get(t.symbol) ?? -1)) {
          duplicates += 1;
          continue;
        }
        lastTradeId.set(t.symbol, t.id);
        out.push(t);
      }
      return out;
    },
    duplicates: () => duplicates,
  };
}
