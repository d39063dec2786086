import { toCandleUpdate, type CandleEvent } from '@candlewire/market';
import { INTERVALS, type CandleUpdate, type Interval } from '@candlewire/protocol';
import type { SourceCandle, SourceQuote, SourceTrade } from '../sources/types';
import type { PendingEvent } from './activation';
import type { SourceGroup, SymbolState } from './symbol-state';
import type { AggregateOutlet } from './throttle-stage';
import { applyVenueCandle, isValidVenueCandle } from './venue-candles';

/** Stage 2 of the pipeline: a symbol's events become its candles, last print and quote changes. */
export interface AggregateStage {
  /** Applies one event of an active symbol (a trade is where the candles of every interval grow). */
  apply(s: SymbolState, event: PendingEvent, at: number): void;
  /** Moves `group`'s watermark to `ms` (never back): buckets that ended before it close. */
  advance(group: SourceGroup, ms: number, at: number): void;
  /** Venue candles rejected as malformed. */
  rejectedCandles(): number;
}

/** Creates the aggregate stage; what it makes goes to `out` (the throttle stage). */
export function createAggregateStage(out: AggregateOutlet): AggregateStage {
  let rejected = 0;

  const onCandles = (s: SymbolState, interval: Interval, events: CandleEvent[], at: number): void => {
    for (const { candle, closed } of events) {
      if (closed && interval === '1d' && candle.time === s.finalizedDay) {
        // NOTE: finalizeDay already published this day closed; the aggregator closes it again at midnight.
        s.prevClose = candle.close;
        s.prevCloseTime = candle.time;
        continue;
      }
      // NOTE: a late print after the close reopens a finalized day: its midnight close is then published.
      if (!closed && interval === '1d' && candle.time === s.finalizedDay) s.finalizedDay = null;
      const data: CandleUpdate = toCandleUpdate(candle, s.decimals, closed);
      if (!closed) {
        out.forming(s, interval, data, at);
        continue;
      }
      out.closed(s, interval, data);
      if (interval === '1d') {
        s.prevClose = candle.close;
        s.prevCloseTime = candle.time;
      }
    }
  };
  const venue = { out, onCandles };

  /** A trade: published, added to every interval's aggregator, and the symbol's last print. */
  const onTrade = (s: SymbolState, t: SourceTrade, at: number): void => {
    out.trade(t.symbol, { id: t.id, price: t.price, size: t.size, side: t.side, time: t.time });
    for (const interval of INTERVALS) onCandles(s, interval, s.aggregators[interval].add(t), at);
    s.last = { price: t.price, bid: t.bid, ask: t.ask, time: t.time };
    out.quoteChanged(s);
  };
  const onQuote = (s: SymbolState, q: SourceQuote): void => {
    if (s.last === null) return;
    s.last = { ...s.last, bid: q.bid, ask: q.ask };
    out.quoteChanged(s);
  };
  const onVenueCandle = (s: SymbolState, c: SourceCandle, at: number): void => {
    if (!isValidVenueCandle(s, c)) {
      rejected++;
      return;
    }
    applyVenueCandle(venue, s, c.interval, c.candle, at);
  };

  return {
    apply(s, e, at) {
      if (e.kind === 'trade') onTrade(s, e.trade, at);
      else if (e.kind === 'quote') onQuote(s, e.quote);
      else onVenueCandle(s, e.candle, at);
    },
    advance(group, ms, at) {
      group.watermark = Math.max(group.watermark, ms);
      for (const s of group.members) {
        for (const interval of INTERVALS) {
          const events = s.aggregators[interval].advance(group.watermark);
          if (events.length > 0) onCandles(s, interval, events, at);
        }
      }
    },
    rejectedCandles: () => rejected,
  };
}
