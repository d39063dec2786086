import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { verifyToken, type AuthClaims } from './auth';

/** What the upgrade check needs. */
export interface UpgradePolicy {
  allowedOrigins: string[];
  authSecret: string | undefined;
  maxConnections: number;
}

/** Result of checking an upgrade request before accepting it. */
export type UpgradeVerdict = { ok: true; auth: AuthClaims | null } | { ok: false; status: 401 | 403 | 404 | 503; code: string; message: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * NOTE: default allowlist = the server's own origin (same host as the request) and localhost on
 * any port. Requests without an Origin header are not from a browser and are allowed: Origin
 * checks protect browsers' users from other sites, they are not authentication.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.length > 0) return false;
  return url.host === host || LOCAL_HOSTS.has(url.hostname);
}

/** Decides whether an upgrade to `/ws` may proceed: path, Origin, token, capacity. */
export function checkUpgrade(req: IncomingMessage, policy: UpgradePolicy, connections: number, now: number): UpgradeVerdict {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/ws') return { ok: false, status: 404, code: 'NOT_FOUND', message: 'WebSocket endpoint is /ws' };
  if (!isOriginAllowed(req.headers.origin, req.headers.host, policy.allowedOrigins)) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `origin ${req.headers.origin ?? ''} is not allowed` };
  }
  let auth: AuthClaims | null = null;
  if (policy.authSecret !== undefined) {
    const token = url.searchParams.get('token');
    if (token === null) return { ok: false, status: 401, code: 'UNAUTHORIZED', message: 'missing ?token=' };
    const verified = verifyToken(token, policy.authSecret, now);
    if (!verified.ok) return { ok: false, status: 401, code: 'UNAUTHORIZED', message: verified.reason };
    auth = verified.claims;
  }
  if (connections >= policy.maxConnections) {
    return { ok: false, status: 503, code: 'UNAVAILABLE', message: 'server is at its connection limit, retry later' };
  }
  return { ok: true, auth };
}

const REASONS = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' } as const;

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, verdict: Extract<UpgradeVerdict, { ok: false }>): void {
  const body = JSON.stringify({ error: { code: verdict.code, message: verdict.message } });
  socket.end(
    `HTTP/1.1 ${verdict.status} ${REASONS[verdict.status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${verdict.status === 503 ? 'Retry-After: 5\r\n' : ''}\r\n${body}`,
  );
}
