import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { requestToken, type AuthClaims, type HostPolicy, type OriginPolicy, type TokenVerifier } from '../auth';

/** What the upgrade check needs. */
export interface UpgradePolicy {
  isOriginAllowed: OriginPolicy;
  isHostAllowed: HostPolicy;
  /** Null when auth is off. */
  verifier: TokenVerifier | null;
  maxConnections: number;
}

/** Result of checking an upgrade request before accepting it. */
export type UpgradeVerdict =
  { ok: true; auth: AuthClaims | null } | { ok: false; status: 401 | 403 | 404 | 429 | 503; code: string; message: string };

/** Refusal of an upgrade from an IP that holds its share of connections already. */
export const PER_IP_REFUSAL: Extract<UpgradeVerdict, { ok: false }> = {
  ok: false,
  status: 429,
  code: 'RATE_LIMITED',
  message: 'too many connections from this address, retry later',
};

/** Decides whether an upgrade to `/ws` may proceed: path, Host, Origin, capacity, token. */
export async function checkUpgrade(req: IncomingMessage, policy: UpgradePolicy, connections: number): Promise<UpgradeVerdict> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/ws') return { ok: false, status: 404, code: 'NOT_FOUND', message: 'WebSocket endpoint is /ws' };
  if (!policy.isHostAllowed(req.headers.host)) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `host ${req.headers.host ?? ''} is not allowed (ALLOWED_HOSTS)` };
  }
  if (!policy.isOriginAllowed(req.headers.origin)) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `origin ${req.headers.origin ?? ''} is not allowed` };
  }
  if (connections >= policy.maxConnections) {
    return { ok: false, status: 503, code: 'UNAVAILABLE', message: 'server is at its connection limit, retry later' };
  }
  if (policy.verifier === null) return { ok: true, auth: null };
  const token = requestToken(req.headers, url.searchParams.get('token'));
  if (token === null)
    return {
      ok: false,
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'missing token (?token=, Authorization: Bearer or the candlewire_token cookie)',
    };
  const verified = await policy.verifier.verify(token);
  if (!verified.ok)
    return { ok: false, status: verified.status, code: verified.status === 503 ? 'UNAVAILABLE' : 'UNAUTHORIZED', message: verified.reason };
  return { ok: true, auth: verified.claims };
}

const REASONS = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' } as const;

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, verdict: Extract<UpgradeVerdict, { ok: false }>): void {
  const body = JSON.stringify({ error: { code: verdict.code, message: verdict.message } });
  const retry = verdict.status === 503 || verdict.status === 429 ? 'Retry-After: 5\r\n' : '';
  socket.end(
    `HTTP/1.1 ${verdict.status} ${REASONS[verdict.status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${retry}\r\n${body}`,
  );
}
