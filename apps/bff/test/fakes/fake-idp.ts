import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** One signing key of the fake identity provider. */
export interface IdpKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

/** A real local identity provider: serves its JWKS over HTTP and signs tokens with its keys. */
export interface FakeIdp {
  jwksUrl: string;
  issuer: string;
  /** JWKS requests served so far. */
  fetches: number;
  /** Makes a key (not yet published). */
  makeKey(kid: string, alg: 'RS256' | 'ES256'): Promise<IdpKey>;
  /** The keys the JWKS lists from now on (rotation). */
  publish(keys: IdpKey[]): void;
  /** Signs `claims` (issuer: this IdP, audience `candlewire`, unless the claims say otherwise). */
  sign(key: IdpKey, claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

/** Starts a fake IdP on a free port. */
export async function startFakeIdp(): Promise<FakeIdp> {
  let published: IdpKey[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    idp.fetches++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: FakeIdp = {
    jwksUrl: `${base}/.well-known/jwks.json`,
    issuer: base,
    fetches: 0,
    async makeKey(kid, alg) {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
    },
    publish: (keys) => void (published = keys),
    sign: (key, claims) =>
      new SignJWT({ iss: base, aud: 'candlewire', ...claims })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey),
    close: () => new Promise((r) => server.close(() => r())),
  };
  return idp;
}
