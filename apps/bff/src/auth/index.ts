export { isChannelAllowed, isSymbolVisible, type AuthClaims } from './claims';
export { createOriginPolicy, type OriginPolicy } from './origins';
export { AUTH_COOKIE, readCookie, requestToken } from './request-token';
export { createTokenVerifier, isCanonicalJws, type TokenVerifier, type VerifyResult } from './verifier';
export { accessPolicy, type AccessPolicy } from './from-config';
export { createHostPolicy, hostName, type HostPolicy } from './hosts';
