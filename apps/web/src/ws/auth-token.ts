/**
 * The dashboard's access token, when the BFF has auth on: taken from the page's config
 * (`window.candlewireConfig.authToken`) or the URL fragment (`#token=<JWT>`, which an identity
 * provider's redirect carries and which is removed from the address bar at once), kept in the
 * `candlewire_token` cookie (so same-origin REST and the WebSocket carry it), and renewed before
 * it expires through a configurable endpoint (`authRenewUrl`, default `/auth/renew`): a POST with
 * `Authorization: Bearer <current>` answering `{"token": "<JWT>"}`.
 */

/** The page's optional runtime config (an operator's `/config.js` may set it). */
export interface AuthConfig {
  authToken?: string;
  authRenewUrl?: string;
  /** Renew this many seconds before `exp` (default 60). */
  authRenewBeforeSec?: number;
}

/** What the token keeper touches (the browser's, or a test's). */
export interface AuthEnv {
  config: AuthConfig;
  hash: string;
  /** Replaces the fragment in the address bar without a navigation. */
  replaceHash(hash: string): void;
  setCookie(cookie: string): void;
  fetch: typeof fetch;
  schedule(fn: () => void, ms: number): () => void;
  now(): number;
  secure: boolean;
}

export const AUTH_COOKIE = 'candlewire_token';
const DEFAULT_RENEW_URL = '/auth/renew';
const RETRY_MS = 10_000;

/** The token in a URL fragment (`#token=…` or `#access_token=…`) and the fragment without it. */
export function takeFragmentToken(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token') ?? params.get('access_token');
  params.delete('token');
  params.delete('access_token');
  const rest = params.toString();
  return { token, rest: rest === '' ? '' : `#${rest}` };
}

/** A JWT's `exp` (epoch s), read without verifying (the server verifies), or null. */
export function tokenExpiry(token: string): number | null {
  const body = token.split('.')[1];
  if (body === undefined) return null;
  try {
    const claims: unknown = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/')));
    const exp = typeof claims === 'object' && claims !== null && 'exp' in claims ? claims.exp : undefined;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/** The cookie that carries `token` until it expires. */
export function tokenCookie(token: string, exp: number | null, nowMs: number, secure: boolean): string {
  const maxAge = exp === null ? '' : `; Max-Age=${Math.max(0, Math.floor(exp - nowMs / 1000))}`;
  return `${AUTH_COOKIE}=${token}; Path=/; SameSite=Strict${maxAge}${secure ? '; Secure' : ''}`;
}

async function renew(env: AuthEnv, url: string, token: string): Promise<string | null> {
  try {
    const res = await env.fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, credentials: 'include' });
    if (!res.ok) return null;
    const body: unknown = await res.json();
    const next =
      typeof body === 'object' && body !== null ? ('token' in body ? body.token : 'access_token' in body ? body.access_token : null) : null;
    return typeof next === 'string' && next !== '' ? next : null;
  } catch {
    return null;
  }
}

/** Takes the token, stores it and keeps renewing it; returns a stop function (no-op without a token). */
export function startAuthToken(env: AuthEnv): () => void {
  const fromFragment = takeFragmentToken(env.hash);
  if (fromFragment.token !== null) env.replaceHash(fromFragment.rest);
  const first = fromFragment.token ?? env.config.authToken ?? null;
  if (first === null) return () => undefined;
  const url = env.config.authRenewUrl ?? DEFAULT_RENEW_URL;
  const beforeMs = (env.config.authRenewBeforeSec ?? 60) * 1000;
  let cancel = (): void => undefined;
  const keep = (token: string): void => {
    const exp = tokenExpiry(token);
    env.setCookie(tokenCookie(token, exp, env.now(), env.secure));
    if (exp === null) return;
    const attempt = (): void => {
      void renew(env, url, token).then((next) => {
        if (next !== null) keep(next);
        // NOTE: a failed renewal retries until the token has expired; the server then closes
        // the socket (1008) and REST answers 401, which is the honest state.
        else if (env.now() < exp * 1000) cancel = env.schedule(attempt, RETRY_MS);
      });
    };
    cancel = env.schedule(attempt, Math.max(0, exp * 1000 - beforeMs - env.now()));
  };
  keep(first);
  return () => cancel();
}

/** The browser's environment for `startAuthToken`. */
export function browserAuthEnv(): AuthEnv {
  const config = (globalThis as { candlewireConfig?: AuthConfig }).candlewireConfig ?? {};
  return {
    config,
    hash: location.hash,
    replaceHash: (hash) => history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`),
    setCookie: (cookie) => void (document.cookie = cookie),
    fetch: (input, init) => fetch(input, init),
    schedule: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
    now: () => Date.now(),
    secure: location.protocol === 'https:',
  };
}
