import type { ChannelKind } from './channels';
import type { ChannelData, ChannelSnapshot } from './channel-map';
import type {
  Alert,
  AlertKind,
  CandleUpdate,
  MarketInfo,
  MarketStatus,
  MarketsData,
  Mover,
  Quote,
  QuoteState,
  Trade,
  TradeSide,
} from './data';

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const numbers = (r: Record<string, unknown>, keys: readonly string[]): boolean => keys.every((k) => typeof r[k] === 'number');
const strings = (r: Record<string, unknown>, keys: readonly string[]): boolean => keys.every((k) => typeof r[k] === 'string');
const oneOf = <T extends string>(values: readonly T[]) => {
  const set: ReadonlySet<unknown> = new Set(values);
  return (value: unknown): value is T => set.has(value);
};
const arrayOf =
  <T>(item: (value: unknown) => value is T) =>
  (value: unknown): value is T[] =>
    Array.isArray(value) && value.every(item);
const orNull =
  <T>(item: (value: unknown) => value is T) =>
  (value: unknown): value is T | null =>
    value === null || item(value);

const isQuoteState = oneOf<QuoteState>(['live', 'stale', 'closed']);
const isSide = oneOf<TradeSide>(['buy', 'sell']);
const isAlertKind = oneOf<AlertKind>(['surge', 'plunge', 'volume_spike']);
const isMarketStatus = oneOf<MarketStatus>(['open', 'closed', 'pre', 'post']);

const QUOTE_NUMBERS = ['price', 'bid', 'ask', 'open', 'high', 'low', 'prevClose', 'change', 'changePct', 'volume', 'time'] as const;
const CANDLE_NUMBERS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** `data` of a `quote:` update. */
export const isQuote = (v: unknown): v is Quote =>
  isRecord(v) && typeof v['symbol'] === 'string' && numbers(v, QUOTE_NUMBERS) && isQuoteState(v['state']);
/** `data` of a `trades:` update. */
export const isTrade = (v: unknown): v is Trade => isRecord(v) && numbers(v, ['id', 'price', 'size', 'time']) && isSide(v['side']);
/** `data` of a `candles:` update. */
export const isCandleUpdate = (v: unknown): v is CandleUpdate =>
  isRecord(v) && numbers(v, CANDLE_NUMBERS) && typeof v['closed'] === 'boolean';
/** `data` of an `alerts` update. */
export const isAlert = (v: unknown): v is Alert =>
  isRecord(v) && strings(v, ['id', 'symbol', 'message']) && numbers(v, ['changePct', 'windowSec', 'time']) && isAlertKind(v['kind']);

const isMarketInfo = (v: unknown): v is MarketInfo =>
  isRecord(v) &&
  strings(v, ['id', 'name', 'timezone']) &&
  isMarketStatus(v['status']) &&
  (v['nextChange'] === null || typeof v['nextChange'] === 'number');
const isMover = (v: unknown): v is Mover => isRecord(v) && typeof v['symbol'] === 'string' && numbers(v, ['price', 'changePct']);
const isMovers = arrayOf(isMover);
/** `data` of a `markets` update. */
export const isMarketsData = (v: unknown): v is MarketsData =>
  isRecord(v) &&
  typeof v['connections'] === 'number' &&
  arrayOf(isMarketInfo)(v['markets']) &&
  isRecord(v['movers']) &&
  isMovers(v['movers']['gainers']) &&
  isMovers(v['movers']['losers']);

/** Validates an update's `data` per channel kind: the runtime side of `ChannelData`. */
export const CHANNEL_DATA_GUARDS: { readonly [K in ChannelKind]: (value: unknown) => value is ChannelData[K] } = {
  quote: isQuote,
  trades: isTrade,
  candles: isCandleUpdate,
  markets: isMarketsData,
  alerts: isAlert,
};

/** Validates a `subscribed` snapshot per channel kind: the runtime side of `ChannelSnapshot`. */
export const CHANNEL_SNAPSHOT_GUARDS: { readonly [K in ChannelKind]: (value: unknown) => value is ChannelSnapshot[K] } = {
  quote: orNull(isQuote),
  trades: arrayOf(isTrade),
  candles: arrayOf(isCandleUpdate),
  markets: orNull(isMarketsData),
  alerts: arrayOf(isAlert),
};
