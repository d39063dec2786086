import { SignJWT, type JWTPayload } from 'jose';

/** Signs `claims` as an HS256 JWT with `secret` (tests; operators use their identity provider). */
export function signHs256(claims: JWTPayload, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}
