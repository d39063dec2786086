import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthClaims } from './claims';

/** How tokens are checked; auth is on when `secret` or `jwksUrl` is set. */
export interface VerifierOptions {
  /** HS256 shared secret. */
  secret?: string | undefined;
  /** JWKS of an identity provider (RS256, ES256), fetched on demand and cached. */
  jwksUrl?: string | undefined;
  /** Required `iss`, when set. */
  issuer?: string | undefined;
  /** Accepted `aud` values (one must match), when non-empty. */
  audience?: string[];
  /** Clock skew tolerated on `exp` and `nbf`, in seconds. */
  leewaySec: number;
  /** A fetched JWKS is reused this long… */
  jwksCacheMs: number;
  /** …and an unknown `kid` refetches it at most once per this long (key rotation). */
  jwksCooldownMs: number;
  jwksTimeoutMs: number;
  now?: () => number;
}

/** Result of verifying a token: 401 for a bad token, 503 when the keys cannot be fetched. */
export type VerifyResult = { ok: true; claims: AuthClaims } | { ok: false; status: 401 | 503; reason: string };

/** Verifies access tokens. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifyResult>;
}

/** Longest token accepted (identity providers' tokens are a few KB at most). */
const MAX_TOKEN_CHARS = 8192;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * NOTE: canonical compact JWS only: exactly three base64url segments without padding, and each
 * segment must be the one encoding of its bytes (no stray trailing bits). A lenient decoder
 * accepts `*`, `=` or a fourth segment, so two strings would name one token.
 */
export function isCanonicalJws(token: string): boolean {
  if (token.length > MAX_TOKEN_CHARS) return false;
  const parts = token.split('.');
  return parts.length === 3 && parts.every((p) => SEGMENT.test(p) && Buffer.from(p, 'base64url').toString('base64url') === p);
}

const REASONS: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'token expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad signature',
  ERR_JOSE_ALG_NOT_ALLOWED: 'unsupported alg',
  ERR_JWKS_NO_MATCHING_KEY: 'no signing key matches the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'several signing keys match the token',
  ERR_JWS_INVALID: 'malformed token',
  ERR_JWT_INVALID: 'malformed claims',
};

function failure(err: unknown): VerifyResult {
  if (err instanceof errors.JWTClaimValidationFailed) {
    const reason =
      err.claim === 'nbf'
        ? 'token not valid yet'
        : err.claim === 'iss' || err.claim === 'aud'
          ? `wrong ${err.claim}`
          : `claim ${err.claim}: ${err.reason.replaceAll('_', ' ')}`;
    return { ok: false, status: 401, reason };
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof TypeError) {
    return { ok: false, status: 503, reason: 'cannot fetch the signing keys, retry later' };
  }
  const code = err instanceof errors.JOSEError ? err.code : '';
  return { ok: false, status: 401, reason: REASONS[code] ?? 'invalid token' };
}

function toClaims(payload: JWTPayload): VerifyResult {
  if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, status: 401, reason: 'missing sub' };
  const channels: unknown = payload['channels'];
  if (channels !== undefined && !(Array.isArray(channels) && channels.every((x) => typeof x === 'string'))) {
    return { ok: false, status: 401, reason: 'channels must be a list of strings' };
  }
  return {
    ok: true,
    claims: {
      sub: payload.sub,
      ...(payload.exp === undefined ? {} : { exp: payload.exp }),
      ...(channels === undefined ? {} : { channels }),
    },
  };
}

/** A verifier for `options`, or null when auth is off (no secret, no JWKS). */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier | null {
  const { secret, jwksUrl } = options;
  if (secret === undefined && jwksUrl === undefined) return null;
  const now = options.now ?? Date.now;
  const hmacKey = secret === undefined ? null : new TextEncoder().encode(secret);
  const jwks =
    jwksUrl === undefined
      ? null
      : createRemoteJWKSet(new URL(jwksUrl), {
          cacheMaxAge: options.jwksCacheMs,
          cooldownDuration: options.jwksCooldownMs,
          timeoutDuration: options.jwksTimeoutMs,
        });
  const algorithms = [...(hmacKey === null ? [] : ['HS256']), ...(jwks === null ? [] : ['RS256', 'ES256'])];
  // NOTE: the key follows the header's alg, and `algorithms` refuses every other alg, so an
  // RS256 public key can never be used as an HMAC secret (alg confusion).
  const key: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && hmacKey !== null) return hmacKey;
    if (jwks !== null) return jwks(header, token);
    throw new errors.JOSEAlgNotAllowed('unsupported alg');
  };
  return {
    async verify(token) {
      if (!isCanonicalJws(token)) return { ok: false, status: 401, reason: 'malformed token' };
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms,
          clockTolerance: options.leewaySec,
          currentDate: new Date(now()),
          ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
          ...(options.audience === undefined || options.audience.length === 0 ? {} : { audience: options.audience }),
        });
        return toClaims(payload);
      } catch (err) {
        return failure(err);
      }
    },
  };
}
