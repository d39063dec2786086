import type { SourceTrade } from '../types';

/**
 * One symbol-minute of trades as parallel typed arrays.
 * NOTE: the live feed holds the current minute and the next one ahead. As objects that is about
 * 200 bytes a trade (object, id, boxed doubles): 34 MB at 32 trades/s over 44 symbols, rising and
 * falling each minute. Packed it is 49 bytes a trade, and objects exist only once delivered
 * (the model writes these arrays directly, so no burst of objects is made and dropped).
 */
export interface PackedTrades {
  readonly symbol: string;
  readonly length: number;
  readonly id: Float64Array;
  readonly time: Float64Array;
  readonly price: Float64Array;
  readonly size: Float64Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  /** 1 = buy, 0 = sell. */
  readonly buy: Uint8Array;
}

/** Empty packed storage for `length` trades of `symbol`. */
export function createPackedTrades(symbol: string, length: number): PackedTrades {
  return {
    symbol,
    length,
    id: new Float64Array(length),
    time: new Float64Array(length),
    price: new Float64Array(length),
    size: new Float64Array(length),
    bid: new Float64Array(length),
    ask: new Float64Array(length),
    buy: new Uint8Array(length),
  };
}

/** The `i`-th trade as a fresh object (equal to the one packed). */
export function unpackTrade(p: PackedTrades, i: number): SourceTrade {
  return {
    symbol: p.symbol,
    id: p.id[i] ?? 0,
    price: p.price[i] ?? 0,
    size: p.size[i] ?? 0,
    side: p.buy[i] === 1 ? 'buy' : 'sell',
    time: p.time[i] ?? 0,
    bid: p.bid[i] ?? 0,
    ask: p.ask[i] ?? 0,
  };
}
