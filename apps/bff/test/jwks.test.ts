import { afterEach, describe, expect, it } from 'vitest';
import { startFakeIdp, type FakeIdp } from './fakes/fake-idp';
import { upgradeWith } from './http-raw';
import { startTestServer, type TestServer } from './server';
import { signHs256 } from './tokens';

/** Tokens from an identity provider's JWKS (RS256/ES256), through a real BFF and a real local JWKS server. */
describe('JWKS', () => {
  let server: TestServer | undefined;
  let idp: FakeIdp | undefined;
  afterEach(async () => {
    await server?.close();
    await idp?.close();
    server = idp = undefined;
  });

  const status = async (token: string) =>
    (await fetch(`${server?.url}/api/symbols`, { headers: { Authorization: `Bearer ${token}` } })).status;

  it('caches the keys, follows a rotation, drops a retired key, checks iss and aud', async () => {
    idp = await startFakeIdp();
    const a = await idp.makeKey('key-a', 'RS256');
    const b = await idp.makeKey('key-b', 'ES256');
    idp.publish([a]);
    server = await startTestServer({
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: idp.issuer,
      AUTH_AUDIENCE: 'candlewire',
      AUTH_JWKS_COOLDOWN_MS: '0',
    });
    const tokenA = await idp.sign(a, { sub: 'ann' });
    for (let i = 0; i < 5; i++) expect(await status(tokenA)).toBe(200);
    expect(await upgradeWith(server.port, { Host: '127.0.0.1', Cookie: `candlewire_token=${tokenA}` })).toBe(101);
    expect(idp.fetches).toBe(1);

    // Rotation: the IdP now signs with B and has retired A.
    idp.publish([b]);
    const tokenB = await idp.sign(b, { sub: 'ann' });
    expect(await status(tokenB)).toBe(200);
    expect(idp.fetches).toBe(2);
    expect(await status(tokenB)).toBe(200);
    expect(idp.fetches).toBe(2);
    expect(await status(tokenA)).toBe(401);

    // Wrong issuer or audience from the right key, and an HS256 token when only the JWKS is configured.
    const c = await idp.makeKey('key-c', 'RS256');
    idp.publish([b, c]);
    expect(await status(await idp.sign(c, { sub: 'ann', aud: 'other-app' }))).toBe(401);
    expect(await status(await signHs256({ sub: 'ann', iss: idp.issuer, aud: 'candlewire' }, 'a-guessed-secret-of-32-characters!'))).toBe(
      401,
    );

    expect(await status(await idp.sign(c, { sub: 'ann', iss: 'https://evil.example' }))).toBe(401);
    expect(await status(await idp.sign(c, { sub: 'ann' }))).toBe(200);

    // The IdP goes away: keys already fetched keep working from the cache.
    await idp.close();
    idp = undefined;
    expect(await status(tokenB)).toBe(200);
  });

  it('answers 503 with Retry-After when the JWKS cannot be fetched for a new key', async () => {
    idp = await startFakeIdp();
    const a = await idp.makeKey('key-a', 'ES256');
    idp.publish([a]);
    const token = await idp.sign(a, { sub: 'ann' });
    const url = idp.jwksUrl;
    await idp.close();
    idp = undefined;
    server = await startTestServer({ AUTH_JWKS_URL: url, AUTH_JWKS_TIMEOUT_MS: '2000' });
    const res = await fetch(`${server.url}/api/symbols`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await upgradeWith(server.port, { Host: '127.0.0.1', Authorization: `Bearer ${token}` })).toBe(503);
  });
});
