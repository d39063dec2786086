import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The WebSocket origins of the request's own host (`ws://host`, `wss://host`). */
const ownSockets = (c: Context): string => {
  const host = new URL(c.req.url).host;
  return `ws://${host} wss://${host}`;
};

/**
 * Security headers on every response, with a CSP for the dashboard: scripts, styles, fonts and
 * images from its own origin only (canvas charts need `data:`/`blob:` images), framing refused,
 * and `connect-src` = its own origin plus its own WebSocket (`ws:`/`wss:` on the same host, since
 * older engines do not let `'self'` cover WebSockets) and the public origins' sockets.
 * NOTE: React sets inline styles through the CSSOM, which CSP does not govern; `'unsafe-inline'`
 * for styles covers the style attributes that libraries write into markup.
 */
export function securityHeaders(publicOrigins: readonly string[]): MiddlewareHandler {
  const publicSockets = publicOrigins.map((o) => o.replace(/^http/, 'ws'));
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ownSockets, ...publicSockets],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    // NOTE: HSTS belongs to the TLS terminator in front; on plain HTTP (localhost) it would be ignored anyway.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
