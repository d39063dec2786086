import { toCandle, type MarketId } from '@candlewire/market';
import { channel as channels } from '@candlewire/protocol';
import type { Broker } from '../broker/types';
import type { SymbolState } from './symbol-state';
import type { Throttle } from './throttle';

/** Inputs of `finalizeDay`. */
export interface FinalizeDayInputs {
  symbols: Iterable<SymbolState>;
  market: MarketId;
  throttle: Throttle;
  broker: Broker;
}

/**
 * Publishes the forming `1d` candle of every active symbol of `market` as closed (session
 * scheduler, at the day's last close); returns how many. Always-trading symbols are left alone.
 */
export function finalizeDay({ symbols, market, throttle, broker }: FinalizeDayInputs): number {
  let count = 0;
  for (const s of symbols) {
    if (s.instrument.market !== market || s.owner.alwaysTrading(s.instrument.symbol)) continue;
    const day = s.aggregators['1d'].current();
    if (day === null || s.finalizedDay === day.time) continue;
    s.finalizedDay = day.time;
    const channel = channels.candles(s.instrument.symbol, '1d');
    throttle.drop(channel);
    broker.publish(channel, { ...toCandle(day, s.decimals), closed: true });
    count++;
  }
  return count;
}
