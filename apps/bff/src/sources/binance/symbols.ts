import { INSTRUMENTS, MARKET_TIMEZONES, type Instrument } from '@candlewire/market';

/** Stream kinds this adapter subscribes per symbol. */
export const STREAM_KINDS = ['trade', 'bookTicker'] as const;

/** One of `STREAM_KINDS`. */
export type StreamKind = (typeof STREAM_KINDS)[number];

/** Our `BTC-USDT` → Binance `BTCUSDT`. */
export function toBinanceSymbol(symbol: string): string {
  return symbol.replace('-', '').toUpperCase();
}

/** Binance stream name of one of our symbols: `btcusdt@trade`. */
export function streamName(symbol: string, kind: StreamKind): string {
  return `${toBinanceSymbol(symbol).toLowerCase()}@${kind}`;
}

/** Every stream of `symbol`, in `STREAM_KINDS` order. */
export function streamsOf(symbol: string): string[] {
  return STREAM_KINDS.map((kind) => streamName(symbol, kind));
}

/** True for symbols shaped like ours for Binance spot (`BASE-QUOTE`, upper case). */
export function isBinanceStyleSymbol(symbol: string): boolean {
  return /^[A-Z0-9]{2,20}-[A-Z0-9]{2,10}$/.test(symbol);
}

/**
 * The instruments a Binance source serves: the CRYPTO instruments of `@candlewire/market`,
 * or only/also `symbols` when given. Symbols we do not know get 8-decimal tick and lot
 * (Binance's finest precision), UTC like every CRYPTO instrument.
 */
export function createBinanceInstruments(symbols: readonly string[] = [], mode: 'extend' | 'only' = 'extend'): Instrument[] {
  const crypto = INSTRUMENTS.filter((i) => i.market === 'CRYPTO');
  const known = new Map(INSTRUMENTS.map((i) => [i.symbol, i]));
  const extra = symbols.map((symbol): Instrument => {
    const upper = symbol.toUpperCase();
    if (!isBinanceStyleSymbol(upper)) throw new RangeError(`not a BASE-QUOTE symbol: ${symbol}`);
    const found = known.get(upper);
    if (found !== undefined) return found;
    const quote = upper.split('-')[1] ?? 'USDT';
    return { symbol: upper, name: upper, market: 'CRYPTO', currency: quote, tickSize: 1e-8, lot: 1e-8, timezone: MARKET_TIMEZONES.CRYPTO };
  });
  const base = mode === 'only' && extra.length > 0 ? [] : crypto;
  const out = new Map<string, Instrument>();
  for (const i of [...base, ...extra]) out.set(i.symbol, i);
  return [...out.values()];
}
