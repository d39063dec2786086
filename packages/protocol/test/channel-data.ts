/** Channel data of the contract's shapes for tests: a field or two set, the rest plain. */
import type { Alert, CandleUpdate, Quote, Trade } from '@candlewire/protocol';

/** A live quote of `symbol` at `price`. */
export function quoteOf(symbol: string, price: number, extra: Partial<Quote> = {}): Quote {
  return {
    symbol,
    price,
    bid: price,
    ask: price,
    open: price,
    high: price,
    low: price,
    prevClose: price,
    change: 0,
    changePct: 0,
    volume: 0,
    time: 0,
    state: 'live',
    ...extra,
  };
}

/** A buy trade of size 1 at 100. */
export function tradeOf(id: number): Trade {
  return { id, price: 100, size: 1, side: 'buy', time: id };
}

/** A flat candle of bucket `time` closing at `close`. */
export function candleOf(time: number, close: number, closed = true): CandleUpdate {
  return { time, open: close, high: close, low: close, close, volume: 1, closed };
}

/** A surge alert of AAPL. */
export function alertOf(id: number): Alert {
  return { id: String(id), symbol: 'AAPL', kind: 'surge', message: 'up', changePct: 1, windowSec: 60, time: id };
}
