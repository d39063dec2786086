/** Quote freshness: stale = no upstream message within the stale window; closed = session closed. */
export type QuoteState = 'live' | 'stale' | 'closed';
/** Market session status. */
export type MarketStatus = 'open' | 'closed' | 'pre' | 'post';
/** Alert kinds. */
export type AlertKind = 'surge' | 'plunge' | 'volume_spike';
/** Aggressor side of a trade. */
export type TradeSide = 'buy' | 'sell';

/** Epoch milliseconds (trades, quotes, alerts, server times). */
export type EpochMs = number & { readonly __brand?: 'EpochMs' };
/** Epoch seconds, UTC: a candle's bucket start (what lightweight-charts takes). */
export type EpochSec = number & { readonly __brand?: 'EpochSec' };

/** `data` of a `quote:{SYMBOL}` update. */
export interface Quote {
  symbol: string;
  price: number;
  bid: number;
  ask: number;
  open: number;
  high: number;
  low: number;
  prevClose: number;
  change: number;
  changePct: number;
  volume: number;
  time: EpochMs;
  state: QuoteState;
}

/** `data` of a `trades:{SYMBOL}` update. */
export interface Trade {
  id: number;
  price: number;
  size: number;
  side: TradeSide;
  time: EpochMs;
}

/** A candle as REST returns it. */
export interface Candle {
  time: EpochSec;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** `data` of a `candles:{SYMBOL}:{INTERVAL}` update: a candle plus whether its bucket is final. */
export interface CandleUpdate extends Candle {
  closed: boolean;
}

/** One market in the `markets` channel. */
export interface MarketInfo {
  id: string;
  name: string;
  timezone: string;
  status: MarketStatus;
  nextChange: EpochMs | null;
}

/** One mover in the `markets` channel. */
export interface Mover {
  symbol: string;
  price: number;
  changePct: number;
}

/** `data` of a `markets` update. */
export interface MarketsData {
  markets: MarketInfo[];
  movers: { gainers: Mover[]; losers: Mover[] };
  connections: number;
}

/** `data` of an `alerts` update. */
export interface Alert {
  id: string;
  symbol: string;
  kind: AlertKind;
  message: string;
  changePct: number;
  windowSec: number;
  time: EpochMs;
}

/** Instrument as `/api/symbols` lists it. */
export interface SymbolInfo {
  symbol: string;
  name: string;
  market: string;
  currency: string;
  tickSize: number;
  timezone: string;
}
