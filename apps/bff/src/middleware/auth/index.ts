import { RestErrorCode } from '@candlewire/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { isChannelAllowed, requestToken, type AuthClaims, type TokenVerifier } from '../../auth';

/** Who may read `/metrics`. */
export type MetricsAccess = 'open' | 'token' | 'off';

/** Options of `restAuth`. */
export interface RestAuthOptions {
  /** Null when auth is off. */
  verifier: TokenVerifier | null;
  metricsAccess: MetricsAccess;
}

/** Context variables `restAuth` sets. */
export type RestAuthVariables = { auth: AuthClaims | null };

const OPEN = new Set(['/healthz', '/readyz']);

const deny = (c: Context, status: 401 | 403 | 404 | 503, code: string, message: string) => {
  if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="candlewire"');
  if (status === 503) c.header('Retry-After', '5');
  return c.json({ error: { code, message } }, status);
};

/** The channel a candles query reads, when its parameters name one. */
function candlesChannel(c: Context): string | null {
  const symbol = c.req.query('symbol');
  const interval = c.req.query('interval');
  return symbol === undefined || interval === undefined ? null : `candles:${symbol}:${interval}`;
}

/** Claims of the requests `restAuth` verified, by request (a WeakMap: gone with the request). */
const claimsOf = new WeakMap<Request, AuthClaims>();

/** The verified claims of a request `restAuth` passed (null when auth is off or the route is open). */
export function requestClaims(c: Context): AuthClaims | null {
  return claimsOf.get(c.req.raw) ?? null;
}

/**
 * Auth on every door: with auth on, every `/api/*` route (data and replay controls, wherever
 * they are defined) needs the same token as `/ws` (`Authorization: Bearer` or the
 * `candlewire_token` cookie), and the token's `channels` claim applies to candles (403 outside
 * it). `/healthz` and `/readyz` stay open; `/metrics` follows `metricsAccess`; the web app's
 * static files are public (the app must load to present its token).
 */
export function restAuth(options: RestAuthOptions): MiddlewareHandler<{ Variables: RestAuthVariables }> {
  const { verifier, metricsAccess } = options;
  return async (c, next) => {
    c.set('auth', null);
    const path = c.req.path;
    if (OPEN.has(path)) return next();
    if (path === '/metrics' && metricsAccess === 'off') return deny(c, 404, RestErrorCode.NOT_FOUND, `no route ${path}`);
    const guarded = path === '/api' || path.startsWith('/api/') || (path === '/metrics' && metricsAccess === 'token');
    if (!guarded || verifier === null) return next();
    const token = requestToken({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') });
    if (token === null) return deny(c, 401, 'UNAUTHORIZED', 'missing token: send Authorization: Bearer <JWT>');
    const verified = await verifier.verify(token);
    if (!verified.ok)
      return deny(c, verified.status, verified.status === 503 ? RestErrorCode.UNAVAILABLE : 'UNAUTHORIZED', verified.reason);
    const channel = path === '/api/candles' ? candlesChannel(c) : null;
    if (channel !== null && !isChannelAllowed(verified.claims, channel))
      return deny(c, 403, 'FORBIDDEN', `the token does not allow ${channel}`);
    c.set('auth', verified.claims);
    // NOTE: routes mounted from other Hono apps do not share this app's typed variables; the raw request is shared.
    claimsOf.set(c.req.raw, verified.claims);
    return next();
  };
}
