import { isInterval, type Interval } from './intervals';

/** Symbol grammar of the contract (§2). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

/** Channel kinds of the contract (§2). */
export const CHANNEL_KINDS = ['quote', 'trades', 'candles', 'markets', 'alerts'] as const;
/** A channel kind. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A parsed channel name, keyed by `kind`. */
export type Channel =
  | { kind: 'quote'; symbol: string }
  | { kind: 'trades'; symbol: string }
  | { kind: 'candles'; symbol: string; interval: Interval }
  | { kind: 'markets' }
  | { kind: 'alerts' };

/** Result of `parseChannel`: the channel, or why the name is not one. */
export type ParseChannelResult = { ok: true; channel: Channel } | { ok: false; reason: string };

/** True when `value` matches the symbol grammar. */
export function isSymbol(value: string): boolean {
  return SYMBOL_PATTERN.test(value);
}

function checkSymbol(symbol: string | undefined): string | undefined {
  if (symbol === undefined || symbol === '') return 'missing symbol';
  if (isSymbol(symbol)) return undefined;
  if (isSymbol(symbol.toUpperCase())) return `symbols are upper case: ${symbol.toUpperCase()}`;
  return `symbol "${symbol}" does not match [A-Z0-9][A-Z0-9._-]{0,31}`;
}

/** Parses a channel name such as `candles:AAPL:1m`; never throws. */
export function parseChannel(name: string): ParseChannelResult {
  if (name.length > 64) return { ok: false, reason: 'channel name longer than 64 characters' };
  const parts = name.split(':');
  const [kind, symbol, interval] = parts;
  switch (kind) {
    case 'markets':
    case 'alerts':
      return parts.length === 1 ? { ok: true, channel: { kind } } : { ok: false, reason: `${kind} takes no parameters` };
    case 'quote':
    case 'trades': {
      if (parts.length !== 2) return { ok: false, reason: `expected ${kind}:{SYMBOL}` };
      const bad = checkSymbol(symbol);
      return bad !== undefined || symbol === undefined
        ? { ok: false, reason: bad ?? 'missing symbol' }
        : { ok: true, channel: { kind, symbol } };
    }
    case 'candles': {
      if (parts.length !== 3) return { ok: false, reason: 'expected candles:{SYMBOL}:{INTERVAL}' };
      const bad = checkSymbol(symbol);
      if (bad !== undefined || symbol === undefined) return { ok: false, reason: bad ?? 'missing symbol' };
      if (interval === undefined || !isInterval(interval)) {
        return { ok: false, reason: `unknown interval "${interval ?? ''}" (1s 1m 5m 15m 1h 1d)` };
      }
      return { ok: true, channel: { kind, symbol, interval } };
    }
    default:
      return { ok: false, reason: `unknown channel kind "${kind ?? ''}" (quote trades candles markets alerts)` };
  }
}

/** Formats a parsed channel back to its name. */
export function formatChannel(channel: Channel): string {
  switch (channel.kind) {
    case 'quote':
    case 'trades':
      return `${channel.kind}:${channel.symbol}`;
    case 'candles':
      return `candles:${channel.symbol}:${channel.interval}`;
    case 'markets':
    case 'alerts':
      return channel.kind;
  }
}

/** The symbol a channel is about, if any. */
export function channelSymbol(channel: Channel): string | undefined {
  return channel.kind === 'quote' || channel.kind === 'trades' || channel.kind === 'candles' ? channel.symbol : undefined;
}
