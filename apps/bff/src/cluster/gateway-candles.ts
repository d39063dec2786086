import { channel, type Candle, type CandleUpdate, type Interval } from '@candlewire/protocol';
import type { RedisBroker } from '../broker/redis';

/** Candles of the REST API as a gateway answers them. */
export type CandlesQuery = (symbol: string, interval: Interval, beforeSec: number, limit: number) => Promise<Candle[]>;

/** The candle fields of a published candle update (its `closed` flag is the channel's, not REST's). */
function toCandle({ time, open, high, low, close, volume }: CandleUpdate): Candle {
  return { time, open, high, low, close, volume };
}

/**
 * A gateway's `/api/candles`: the source's history (computed, or the venue's REST) with the
 * candles the ingest published on top (its forming candle and every revision), read from Redis:
 * never from one gateway's memory.
 */
export function createGatewayCandles(history: CandlesQuery, broker: RedisBroker): CandlesQuery {
  return async (symbol, interval, beforeSec, limit) => {
    const [rows, published] = await Promise.all([
      history(symbol, interval, beforeSec, limit),
      broker.read(channel.candles(symbol, interval)),
    ]);
    const byTime = new Map<number, Candle>();
    for (const c of rows) byTime.set(c.time, c);
    const first = rows[0]?.time ?? -Infinity;
    for (const item of published) {
      const c = toCandle(item);
      if (c.time < beforeSec && c.time >= first) byTime.set(c.time, c);
    }
    return [...byTime.values()].sort((a, b) => a.time - b.time).slice(-limit);
  };
}
