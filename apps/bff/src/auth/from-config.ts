import type { Config } from '../config';
import { createHostPolicy, type HostPolicy } from './hosts';
import { createOriginPolicy, type OriginPolicy } from './origins';
import { createTokenVerifier, type TokenVerifier } from './verifier';

/** Auth and Origin policy as the settings say. */
export interface AccessPolicy {
  /** Null when auth is off (neither AUTH_SECRET nor AUTH_JWKS_URL). */
  verifier: TokenVerifier | null;
  isOriginAllowed: OriginPolicy;
  /** The `Host` allowlist of every HTTP request and upgrade (DNS rebinding). */
  isHostAllowed: HostPolicy;
}

/** Builds the verifier and the Origin policy from the config. */
export function accessPolicy(config: Config): AccessPolicy {
  return {
    verifier: createTokenVerifier({
      secret: config.AUTH_SECRET,
      jwksUrl: config.AUTH_JWKS_URL,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      leewaySec: config.AUTH_LEEWAY_SEC,
      jwksCacheMs: config.AUTH_JWKS_CACHE_MS,
      jwksCooldownMs: config.AUTH_JWKS_COOLDOWN_MS,
      jwksTimeoutMs: config.AUTH_JWKS_TIMEOUT_MS,
    }),
    isOriginAllowed: createOriginPolicy(config.PUBLIC_ORIGIN, config.ALLOWED_ORIGINS),
    isHostAllowed: createHostPolicy(config.PUBLIC_ORIGIN, config.ALLOWED_HOSTS),
  };
}
