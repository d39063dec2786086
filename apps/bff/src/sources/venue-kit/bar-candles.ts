/**
 * Venue bars and trades → `CandleState`s for `MarketSource.history`, folded by the one OHLCV
 * aggregator with the instrument's calendar gate, so empty buckets follow the same policy as
 * live candles and REST candles equal what the live pipeline would have built.
 */
import {
  createInstrumentAggregator,
  toUnits,
  volumeDecimals,
  type CandleAggregator,
  type CandleEvent,
  type CandleState,
  type EmptyBucketPolicy,
  type Instrument,
} from '@candlewire/market';
import type { Candle, Interval } from '@candlewire/protocol';
import type { SourceTrade } from '../types';

/** One venue bar: start (epoch s), OHLC and volume (instrument units); the wire `Candle` shape. */
export type VenueBar = Candle;

/** The aggregator for `instrument`/`interval` with the calendar gate (none for always-open markets). */
export function aggregatorFor(instrument: Instrument, interval: Interval, emptyBuckets: EmptyBucketPolicy): CandleAggregator {
  return createInstrumentAggregator(instrument, interval, { emptyBuckets });
}

function collect(
  agg: CandleAggregator,
  feed: (push: (events: CandleEvent[]) => void) => void,
  fromSec: number,
  untilMs: number,
): CandleState[] {
  const out: CandleState[] = [];
  const push = (events: CandleEvent[]): void => {
    for (const e of events) if (e.closed && e.candle.time >= fromSec) out.push(e.candle);
  };
  feed(push);
  push(agg.advance(untilMs));
  const forming = agg.current();
  if (forming !== null && forming.time >= fromSec) out.push(forming);
  return out;
}

/** Candles of `interval` from bars (time order), buckets from `fromSec`, data before `untilMs`. */
export function candlesFromBars(
  instrument: Instrument,
  interval: Interval,
  bars: readonly VenueBar[],
  fromSec: number,
  untilMs: number,
  emptyBuckets: EmptyBucketPolicy,
): CandleState[] {
  const agg = aggregatorFor(instrument, interval, emptyBuckets);
  const decimals = volumeDecimals(instrument);
  return collect(
    agg,
    (push) => {
      for (const bar of bars) {
        if (bar.time * 1000 >= untilMs) break;
        // NOTE: a bar without volume (a quiet pre-market minute) had no trade: like a flat
        // fill it opens no bucket (addCandle ignores it), so live and REST candles agree.
        const units = toUnits(bar.volume, decimals);
        push(agg.addCandle({ time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, units }));
      }
    },
    fromSec,
    untilMs,
  );
}

/** Candles of `interval` from derived trades (time order) in [fromSec, untilMs). */
export function candlesFromTrades(
  instrument: Instrument,
  interval: Interval,
  trades: readonly SourceTrade[],
  fromSec: number,
  untilMs: number,
  emptyBuckets: EmptyBucketPolicy,
): CandleState[] {
  const agg = aggregatorFor(instrument, interval, emptyBuckets);
  return collect(
    agg,
    (push) => {
      for (const t of trades) if (t.time >= fromSec * 1000 && t.time < untilMs) push(agg.add(t));
    },
    fromSec,
    untilMs,
  );
}
