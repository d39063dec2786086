import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims of a Candlewire access token (JWT, HS256). */
export interface AuthClaims {
  sub: string;
  /** Expiry, epoch seconds. */
  exp?: number;
  /** Channel patterns this token may subscribe to (`quote:*`, `markets`); absent = all. */
  channels?: string[];
}

/** Result of verifying a token. */
export type VerifyResult = { ok: true; claims: AuthClaims } | { ok: false; reason: string };

const b64url = (buf: Buffer): string => buf.toString('base64url');

/** Signs claims as an HS256 JWT (for tests, the bench and operators' tooling). */
export function signToken(claims: AuthClaims, secret: string): string {
  const head = b64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const body = b64url(Buffer.from(JSON.stringify(claims)));
  const sig = b64url(createHmac('sha256', secret).update(`${head}.${body}`).digest());
  return `${head}.${body}.${sig}`;
}

/** Verifies an HS256 JWT and its expiry. */
export function verifyToken(token: string, secret: string, nowMs: number): VerifyResult {
  const [head, body, sig] = token.split('.');
  if (head === undefined || body === undefined || sig === undefined) return { ok: false, reason: 'malformed token' };
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if ((header as { alg?: unknown } | null)?.alg !== 'HS256') return { ok: false, reason: 'unsupported alg' };
  if (typeof claims !== 'object' || claims === null) return { ok: false, reason: 'malformed claims' };
  const c = claims as Record<string, unknown>;
  if (typeof c['sub'] !== 'string') return { ok: false, reason: 'missing sub' };
  if (c['exp'] !== undefined && (typeof c['exp'] !== 'number' || c['exp'] * 1000 <= nowMs)) return { ok: false, reason: 'token expired' };
  if (c['channels'] !== undefined && !(Array.isArray(c['channels']) && c['channels'].every((x) => typeof x === 'string'))) {
    return { ok: false, reason: 'channels must be a list of strings' };
  }
  return { ok: true, claims: c as unknown as AuthClaims };
}

/** True when the claims allow `channel` (patterns match exactly or by a trailing `*`). */
export function isChannelAllowed(claims: AuthClaims | null, channel: string): boolean {
  if (claims?.channels === undefined) return true;
  return claims.channels.some((p) => (p.endsWith('*') ? channel.startsWith(p.slice(0, -1)) : p === channel));
}
