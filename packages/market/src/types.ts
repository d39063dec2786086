import type { EpochMs, EpochSec, MarketStatus } from '@candlewire/protocol';

/** Market identifiers. */
export type MarketId = 'US' | 'CN' | 'HK' | 'CRYPTO';

/** Reference data of one tradable instrument. */
export interface Instrument {
  symbol: string;
  name: string;
  market: MarketId;
  currency: string;
  /** Minimum price increment. */
  tickSize: number;
  /** Minimum size increment (shares, or coin fraction). */
  lot: number;
  /** IANA time zone of the exchange (same as its market's). */
  timezone: string;
}

/** A local wall-clock span `HH:mm`–`HH:mm` in the market's zone, end exclusive. */
export interface LocalSpan {
  start: string;
  end: string;
}

/** A market's trading calendar. All times are local to `timezone`. */
export interface MarketCalendar {
  id: MarketId;
  name: string;
  timezone: string;
  /** True for markets that never close (crypto): every instant is `open`. */
  alwaysOpen: boolean;
  pre: LocalSpan | null;
  /** Regular session spans, in order (several when there is a lunch break). */
  regular: LocalSpan[];
  post: LocalSpan | null;
  /** Weekdays that are closed, 0 = Sunday. */
  weekend: number[];
  /** Full-day holidays, `YYYY-MM-DD` local dates. */
  holidays: string[];
}

/** One status change of a market. */
export interface StatusChange {
  at: EpochMs;
  status: MarketStatus;
}

/** A candle being built, with volume kept in integer lot-units so sums are exact. */
export interface CandleState {
  time: EpochSec;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Volume in units of 10^-volumeDecimals (integer). */
  units: number;
}

/** One session span of one local day, as instants: [start, end) with its status. */
export interface SessionSpan {
  start: EpochMs;
  end: EpochMs;
  status: MarketStatus;
}
