import { isInterval, type Interval } from './intervals';

/** Symbol grammar of the contract (§2). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

/** Channel kinds of the contract (§2). */
export const CHANNEL_KINDS = ['quote', 'trades', 'candles', 'markets', 'alerts'] as const;
/** A channel kind. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

declare const channelKind: unique symbol;
/**
 * A channel name of kind `K` (`quote:AAPL` is a `Channel<'quote'>`). Only `channel.*` and
 * `parseChannel` make one, so the kind of a name, and with it the type of its data
 * (`ChannelData[K]`), is known wherever the name travels: broker, gateway, SDK, listeners.
 */
export type Channel<K extends ChannelKind = ChannelKind> = string & { readonly [channelKind]: K };

/** A parsed channel name, keyed by `kind`, with the name itself. */
export type ParsedChannel<K extends ChannelKind = ChannelKind> = Extract<
  | { kind: 'quote'; name: Channel<'quote'>; symbol: string }
  | { kind: 'trades'; name: Channel<'trades'>; symbol: string }
  | { kind: 'candles'; name: Channel<'candles'>; symbol: string; interval: Interval }
  | { kind: 'markets'; name: Channel<'markets'> }
  | { kind: 'alerts'; name: Channel<'alerts'> },
  { kind: K }
>;

/** Result of `parseChannel`: the channel, or why the name is not one. */
export type ParseChannelResult = { ok: true; channel: ParsedChannel } | { ok: false; reason: string };

/** True when `name` is a channel name of `kind` (by its prefix: the grammar is the builders'). */
function hasKind<K extends ChannelKind>(name: string, kind: K): name is Channel<K> {
  return name.startsWith(kind) && (name.length === kind.length || name.charCodeAt(kind.length) === 58); // 58: ':'
}

/** Names `name` (built from `kind`'s pattern) as a channel of `kind`. */
function named<K extends ChannelKind>(kind: K, name: string): Channel<K> {
  if (hasKind(name, kind)) return name;
  throw new Error(`"${name}" is not a ${kind} channel name`);
}

/**
 * Builders of every channel name: the one place names are made. They format, they do not
 * validate: a symbol from outside goes through `parseChannel` (or `isSymbol`) first.
 */
export const channel = {
  /** `quote:{SYMBOL}`: the latest quote. */
  quote: (symbol: string): Channel<'quote'> => named('quote', `quote:${symbol}`),
  /** `trades:{SYMBOL}`: every trade. */
  trades: (symbol: string): Channel<'trades'> => named('trades', `trades:${symbol}`),
  /** `candles:{SYMBOL}:{INTERVAL}`: the candles of one interval. */
  candles: (symbol: string, interval: Interval): Channel<'candles'> => named('candles', `candles:${symbol}:${interval}`),
  /** `markets`: sessions, movers, connections. */
  markets: (): Channel<'markets'> => named('markets', 'markets'),
  /** `alerts`: anomaly alerts. */
  alerts: (): Channel<'alerts'> => named('alerts', 'alerts'),
} as const;

const KIND_BY_INITIAL: Readonly<Record<string, ChannelKind>> = { q: 'quote', t: 'trades', c: 'candles', m: 'markets', a: 'alerts' };

/** True when `kind` is the kind of `name` (what the brand of `name` says it is). */
function isKindOf<K extends ChannelKind>(name: Channel<K>, kind: ChannelKind): kind is K {
  return hasKind(name, kind);
}

/** The kind of a channel name, as its type says (kinds have distinct initials). */
export function kindOf<K extends ChannelKind>(name: Channel<K>): K {
  const kind = KIND_BY_INITIAL[name.charAt(0)];
  if (kind !== undefined && isKindOf(name, kind)) return kind;
  throw new Error(`"${name}" is not a channel name`);
}

/** True when `name` is a channel of `kind`; narrows it. */
export function isChannelOf<K extends ChannelKind>(name: Channel, kind: K): name is Channel<K> {
  return hasKind(name, kind);
}

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
      return parts.length === 1
        ? { ok: true, channel: kind === 'markets' ? { kind, name: channel.markets() } : { kind, name: channel.alerts() } }
        : { ok: false, reason: `${kind} takes no parameters` };
    case 'quote':
    case 'trades': {
      if (parts.length !== 2) return { ok: false, reason: `expected ${kind}:{SYMBOL}` };
      const bad = checkSymbol(symbol);
      if (bad !== undefined || symbol === undefined) return { ok: false, reason: bad ?? 'missing symbol' };
      return {
        ok: true,
        channel: kind === 'quote' ? { kind, name: channel.quote(symbol), symbol } : { kind, name: channel.trades(symbol), symbol },
      };
    }
    case 'candles': {
      if (parts.length !== 3) return { ok: false, reason: 'expected candles:{SYMBOL}:{INTERVAL}' };
      const bad = checkSymbol(symbol);
      if (bad !== undefined || symbol === undefined) return { ok: false, reason: bad ?? 'missing symbol' };
      if (interval === undefined || !isInterval(interval)) {
        return { ok: false, reason: `unknown interval "${interval ?? ''}" (1s 1m 5m 15m 1h 1d)` };
      }
      return { ok: true, channel: { kind, name: channel.candles(symbol, interval), symbol, interval } };
    }
    default:
      return { ok: false, reason: `unknown channel kind "${kind ?? ''}" (quote trades candles markets alerts)` };
  }
}

/** Parses a name known to be a channel (a `Channel<K>`): its kind and parameters. */
export function readChannel<K extends ChannelKind>(name: Channel<K>): ParsedChannel<K> {
  const parsed = parseChannel(name);
  if (parsed.ok && isParsedOf(parsed.channel, kindOf(name))) return parsed.channel;
  throw new Error(`"${name}" is not a channel name`);
}

function isParsedOf<K extends ChannelKind>(parsed: ParsedChannel, kind: K): parsed is ParsedChannel<K> {
  return parsed.kind === kind;
}

/** Formats a parsed channel back to its name. */
export function formatChannel(parsed: ParsedChannel): Channel {
  return parsed.name;
}

/** The symbol a channel is about, if any. */
export function channelSymbol(parsed: ParsedChannel): string | undefined {
  return parsed.kind === 'quote' || parsed.kind === 'trades' || parsed.kind === 'candles' ? parsed.symbol : undefined;
}
