import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));
const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'expected an origin such as https://candles.example.com (scheme, host, optional port; no path)');

/** Settings of security and operations (auth, origins, limits, shutdown, metrics); part of `CONFIG_FIELDS`. */
export const OPERATIONS_FIELDS = {
  PUBLIC_ORIGIN: [
    list.pipe(z.array(origin)).default([]),
    'origin(s) users open the app at (https://candles.example.com), comma-separated: allowed on /ws and state-changing REST, and in the CSP',
  ],
  AUTH_JWKS_URL: [
    z.string().url().optional(),
    'JWKS of an identity provider: when set, tokens signed RS256/ES256 by its keys are accepted (cached, refetched on an unknown kid)',
  ],
  AUTH_ISSUER: [z.string().min(1).optional(), 'required iss claim of tokens, when set'],
  AUTH_AUDIENCE: [list.default([]), 'accepted aud claims (one must match), comma-separated; none: aud is not checked'],
  AUTH_LEEWAY_SEC: [int(0, 300).default(10), 'clock skew tolerated on exp and nbf, seconds'],
  AUTH_JWKS_CACHE_MS: [int(1000, 86_400_000).default(600_000), 'a fetched JWKS is reused this long'],
  AUTH_JWKS_COOLDOWN_MS: [
    int(0, 3_600_000).default(30_000),
    'a token with an unknown kid refetches the JWKS at most once per this long (key rotation)',
  ],
  AUTH_JWKS_TIMEOUT_MS: [int(100, 60_000).default(5000), 'give up fetching the JWKS after this long (the request gets 503)'],
  METRICS_ACCESS: [
    z.enum(['open', 'token', 'off']).default('open'),
    '/metrics: open, token (needs a valid token when auth is on), or off (404)',
  ],
  CORS_ORIGINS: [
    list.default([]),
    "origins allowed to call /api/* cross-origin (CORS), comma-separated ('*' for any); none: no CORS headers",
  ],
  MAX_CONNECTIONS_PER_IP: [int(0, 1_000_000).default(256), 'open WebSocket connections per client IP (more get HTTP 429); 0: no limit'],
  TRUST_PROXY_HOPS: [
    int(0, 10).default(0),
    'reverse proxies in front of the BFF: the client IP is the X-Forwarded-For entry this many from the right (0: the peer address)',
  ],
  MAX_UPGRADES_PER_SECOND: [
    int(0, 1_000_000).default(0),
    'new WebSocket sessions per second at most (more get 503 and retry with backoff): paces the herd after a restart; 0: unpaced',
  ],
  HANDSHAKE_TIMEOUT_MS: [
    int(100, 300_000).default(10_000),
    'a connection must send its request headers (HTTP or the WebSocket upgrade) within this long',
  ],
  IDLE_TIMEOUT_MS: [int(0, 86_400_000).default(300_000), 'a WebSocket with no subscription for this long is closed with 1008; 0: never'],
  SHUTDOWN_SPREAD_MS: [
    int(0, 60_000).default(2000),
    'on shutdown the 1012 closes go out in batches over this many ms, so clients come back spread out',
  ],
  HISTORY_START: [
    z
      .union([z.coerce.number().int().nonnegative(), z.string().datetime({ offset: true }), z.string().date()])
      .default('2020-01-01')
      .transform((v) => (typeof v === 'number' ? v : Math.floor(Date.parse(v) / 1000))),
    "where instruments' history begins (epoch s or ISO date): the simulation's past starts here and no candle before it is served",
  ],
  ENV_FILE: [
    z.string().optional(),
    'file of KEY=VALUE lines loaded at start (variables already set win); default .env in the working directory, if present',
  ],
} as const;
