import { INTERVALS } from '@candlewire/protocol';

/** Claims of a Candlewire access token (a JWT) that the BFF reads. */
export interface AuthClaims {
  sub: string;
  /** Expiry, epoch seconds. */
  exp?: number;
  /** Channel patterns this token may subscribe to (`quote:*`, `markets`); absent = all. */
  channels?: string[];
}

/** True when the claims allow `channel` (patterns match exactly or by a trailing `*`). */
export function isChannelAllowed(claims: AuthClaims | null, channel: string): boolean {
  if (claims?.channels === undefined) return true;
  return claims.channels.some((p) => (p.endsWith('*') ? channel.startsWith(p.slice(0, -1)) : p === channel));
}

/**
 * True when the claims allow at least one channel of `symbol` (`quote:`, `trades:` or any
 * `candles:` interval): what `/api/symbols` lists. A token limited to `markets` sees no symbol.
 */
export function isSymbolVisible(claims: AuthClaims | null, symbol: string): boolean {
  if (claims?.channels === undefined) return true;
  return [`quote:${symbol}`, `trades:${symbol}`, ...INTERVALS.map((i) => `candles:${symbol}:${i}`)].some((channel) =>
    isChannelAllowed(claims, channel),
  );
}
