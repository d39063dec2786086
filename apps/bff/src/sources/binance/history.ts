import { toUnits, volumeDecimals, type CandleState, type Instrument } from '@candlewire/market';
import { INTERVAL_SECONDS, type Interval } from '@candlewire/protocol';
import type { Kline } from './frames';
import type { KlinesClient } from './rest';

/** A kline as our integer-volume candle state. */
export function klineToState(k: Kline, instrument: Instrument): CandleState {
  return {
    time: Math.floor(k.openTime / 1000),
    open: k.open,
    high: k.high,
    low: k.low,
    close: k.close,
    units: toUnits(k.volume, volumeDecimals(instrument)),
  };
}

/** Every kline of `interval` opening in [startMs, endMs] as candle states (gap repair's fetch). */
export async function fetchKlineStates(
  klines: KlinesClient,
  instrument: Instrument,
  interval: Interval,
  startMs: number,
  endMs: number,
): Promise<CandleState[]> {
  const rows = await klines.fetch(instrument.symbol, interval, startMs, endMs);
  return rows.map((k) => klineToState(k, instrument));
}

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
