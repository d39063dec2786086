/**
 * Yahoo streams price ticks with a cumulative `dayVolume`, not trades. Each symbol keeps a
 * volume baseline; a tick whose `dayVolume` exceeds it becomes one synthetic trade of the
 * difference at the tick's price, and a tick without a volume change is a quote-only update.
 */
import { localDate, tickDecimals, toUnits, volumeDecimals, type Instrument } from '@candlewire/market';
import type { TradeSide } from '@candlewire/protocol';
import type { SourceQuote, SourceTrade } from '../types';
import type { PricingData } from './pricing-data';

/** What one tick turned into. */
export type TickResult =
  | { kind: 'trade'; trade: SourceTrade }
  | { kind: 'quote'; quote: SourceQuote }
  /** Baseline set (first tick after a (re)subscription or a volume reset): no event. */
  | { kind: 'baseline' }
  | { kind: 'invalid'; reason: string };

/** Per-symbol tick → trade state. */
export interface TickTracker {
  /** Turns one decoded tick of `instrument` into a trade, a quote or nothing; `receivedAt` when the tick has no time. */
  onTick(instrument: Instrument, tick: PricingData, receivedAt: number): TickResult;
  /**
   * Forgets every volume baseline, so the next tick of each symbol only sets one.
   * NOTE: after a gap the next `dayVolume` includes everything traded while disconnected;
   * that volume arrives through the REST candle repair, not as one giant synthetic trade.
   */
  resetBaselines(): void;
  /** Forgets one symbol (unsubscribed). */
  forget(symbol: string): void;
}

interface SymbolTicks {
  day: string;
  dayVolume: number | null;
  price: number | null;
  side: TradeSide;
  bid: number | null;
  ask: number | null;
  lastId: number;
}

/** A float32 price made clean: rounded to Yahoo's `priceHint` decimals, else to the tick's (at least 2). */
export function cleanPrice(value: number, priceHint: number | undefined, tickSize: number): number {
  const decimals = priceHint !== undefined && priceHint >= 0 && priceHint <= 8 ? priceHint : Math.max(2, tickDecimals(tickSize));
  // NOTE: a float32 carries ~7 significant digits: drop the noise first (600.9299926 → 600.93).
  return Number(Number(value.toPrecision(7)).toFixed(decimals));
}

const validPrice = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/** Creates the per-symbol tick tracker (synthetic trade ids are per symbol, monotonic). */
export function createTickTracker(): TickTracker {
  const states = new Map<string, SymbolTicks>();

  return {
    onTick(instrument, tick, receivedAt) {
      const time = tick.time !== undefined && tick.time > 0 ? tick.time : receivedAt;
      if (!validPrice(tick.price)) return { kind: 'invalid', reason: 'tick without a positive price' };
      const price = cleanPrice(tick.price, tick.priceHint, instrument.tickSize);
      const day = localDate(instrument.timezone, time);
      let s = states.get(instrument.symbol);
      if (s === undefined) {
        s = { day, dayVolume: null, price: null, side: 'buy', bid: null, ask: null, lastId: 0 };
        states.set(instrument.symbol, s);
      }
      if (validPrice(tick.bid)) s.bid = cleanPrice(tick.bid, tick.priceHint, instrument.tickSize);
      if (validPrice(tick.ask)) s.ask = cleanPrice(tick.ask, tick.priceHint, instrument.tickSize);
      const bid = s.bid ?? price;
      const ask = s.ask ?? price;
      // NOTE: a new local day restarts dayVolume at 0 when we were already streaming.
      if (day !== s.day) {
        s.day = day;
        if (s.dayVolume !== null) s.dayVolume = 0;
      }
      const volume = tick.dayVolume;
      const previous = s.dayVolume;
      const lastPrice = s.price;
      s.price = price;
      if (volume === undefined || volume < 0) return { kind: 'quote', quote: { symbol: instrument.symbol, bid, ask, time } };
      s.dayVolume = volume;
      // NOTE: the first tick (or a backwards jump, e.g. a venue-side reset) only sets the baseline.
      if (previous === null || volume < previous) return { kind: 'baseline' };
      const decimals = volumeDecimals(instrument);
      const size = toUnits(volume - previous, decimals) / 10 ** decimals;
      if (size <= 0) return { kind: 'quote', quote: { symbol: instrument.symbol, bid, ask, time } };
      // Side: at/above the ask is a buy, at/below the bid a sell, otherwise the tick rule.
      let side: TradeSide = s.side;
      if (s.ask !== null && price >= s.ask) side = 'buy';
      else if (s.bid !== null && price <= s.bid) side = 'sell';
      else if (lastPrice !== null && price !== lastPrice) side = price > lastPrice ? 'buy' : 'sell';
      s.side = side;
      // NOTE: ids from the tick time (µs resolution) stay monotonic across restarts of the BFF.
      const id = Math.max(s.lastId + 1, time * 1000);
      s.lastId = id;
      return { kind: 'trade', trade: { symbol: instrument.symbol, id, price, size, side, time, bid, ask } };
    },
    resetBaselines() {
      for (const s of states.values()) s.dayVolume = null;
    },
    forget(symbol) {
      states.delete(symbol);
    },
  };
}
