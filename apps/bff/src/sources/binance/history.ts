import type { CandleState, Instrument } from '@candlewire/market';
import { INTERVAL_SECONDS, type Interval } from '@candlewire/protocol';
import { klineToState } from './repair';
import type { KlinesClient } from './rest';

/**
 * `MarketSource.history` from REST klines (paged): buckets of `interval` starting at or after
 * `fromSec` and before `untilMs`; the bucket holding `untilMs` only when it has a trade.
 * Crypto days are UTC and so is our CRYPTO time zone: Binance's buckets are ours.
 */
export async function fetchHistory(
  klines: KlinesClient,
  instrument: Instrument | undefined,
  symbol: string,
  interval: Interval,
  fromSec: number,
  untilMs: number,
): Promise<CandleState[]> {
  if (instrument === undefined) throw new RangeError(`binance: unknown symbol ${symbol}`);
  // NOTE: a bucket starting at untilMs holds no trade before it. The forming bucket's kline may
  // include trades up to the REST call (after untilMs): Binance cannot cut a kline off.
  const rows = await klines.fetch(symbol, interval, fromSec * 1000, untilMs - 1);
  const stepMs = INTERVAL_SECONDS[interval] * 1000;
  return rows.filter((k) => k.trades > 0 || k.openTime + stepMs <= untilMs).map((k) => klineToState(k, instrument));
}
