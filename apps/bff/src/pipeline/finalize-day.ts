import { toCandleUpdate, type MarketId } from '@candlewire/market';
import type { SymbolState } from './symbol-state';
import type { AggregateOutlet } from './throttle-stage';

/** Inputs of `finalizeDay`. */
export interface FinalizeDayInputs {
  symbols: Iterable<SymbolState>;
  market: MarketId;
  /** Where the closed `1d` candles go (the throttle stage: they supersede the pending forming ones). */
  out: Pick<AggregateOutlet, 'closed'>;
}

/**
 * Publishes the forming `1d` candle of every active symbol of `market` as closed (session
 * scheduler, at the day's last close); returns how many. Always-trading symbols are left alone.
 */
export function finalizeDay({ symbols, market, out }: FinalizeDayInputs): number {
  let count = 0;
  for (const s of symbols) {
    if (s.instrument.market !== market || s.owner.alwaysTrading(s.instrument.symbol)) continue;
    const day = s.aggregators['1d'].current();
    if (day === null || s.finalizedDay === day.time) continue;
    s.finalizedDay = day.time;
    out.closed(s, '1d', toCandleUpdate(day, s.decimals, true));
    count++;
  }
  return count;
}
