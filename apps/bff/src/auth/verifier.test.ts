import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signHs256 } from '../../test/tokens';
import { createTokenVerifier, isCanonicalJws, type VerifierOptions } from './verifier';

const SECRET = 'verifier-test-secret-of-32-chars!';
const NOW = Date.UTC(2026, 0, 5, 12) / 1000;
const base: VerifierOptions = {
  secret: SECRET,
  leewaySec: 10,
  jwksCacheMs: 1000,
  jwksCooldownMs: 0,
  jwksTimeoutMs: 1000,
  now: () => NOW * 1000,
};
const verifier = (extra: Partial<VerifierOptions> = {}) => {
  const v = createTokenVerifier({ ...base, ...extra });
  if (v === null) throw new Error('auth should be on');
  return v;
};

describe('token verifier', () => {
  it('is off without a secret or a JWKS URL', () => {
    expect(createTokenVerifier({ ...base, secret: undefined })).toBeNull();
  });

  it('accepts a good HS256 token and returns sub, exp and channels', async () => {
    const token = await signHs256({ sub: 'ann', exp: NOW + 60, channels: ['quote:*'] }, SECRET);
    expect(await verifier().verify(token)).toEqual({ ok: true, claims: { sub: 'ann', exp: NOW + 60, channels: ['quote:*'] } });
  });

  it('accepts canonical encodings only: no * in the signature, no padding, no fourth segment', async () => {
    const token = await signHs256({ sub: 'ann' }, SECRET);
    const [head, body, sig] = token.split('.') as [string, string, string];
    const variants = [
      `${head}.${body}.${sig.slice(0, 10)}*${sig.slice(10)}`,
      `${token}=`,
      `${token}.`,
      `${token}.${sig}`,
      `${head}.${body}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
    ];
    for (const bad of variants) expect(await verifier().verify(bad)).toMatchObject({ ok: false, status: 401 });
    expect(isCanonicalJws(token)).toBe(true);
    // A last character that differs only in bits the decoder drops names the same bytes.
    const last = sig.at(-1) ?? 'A';
    const sibling = String.fromCharCode(last.charCodeAt(0) + 1);
    expect(isCanonicalJws(`${head}.${body}.${sig.slice(0, -1)}${sibling}`)).toBe(false);
  });

  it('checks exp and nbf with the leeway, and iss and aud when configured', async () => {
    const v = verifier({ issuer: 'https://id.example', audience: ['candlewire'] });
    const sign = (claims: Record<string, unknown>) =>
      signHs256({ sub: 'ann', iss: 'https://id.example', aud: 'candlewire', ...claims }, SECRET);
    expect(await v.verify(await sign({ exp: NOW - 5 }))).toMatchObject({ ok: true });
    expect(await v.verify(await sign({ exp: NOW - 11 }))).toEqual({ ok: false, status: 401, reason: 'token expired' });
    expect(await v.verify(await sign({ nbf: NOW + 5 }))).toMatchObject({ ok: true });
    expect(await v.verify(await sign({ nbf: NOW + 60 }))).toEqual({ ok: false, status: 401, reason: 'token not valid yet' });
    expect(await v.verify(await sign({ iss: 'https://evil.example' }))).toEqual({ ok: false, status: 401, reason: 'wrong iss' });
    expect(await v.verify(await sign({ aud: 'someone-else' }))).toEqual({ ok: false, status: 401, reason: 'wrong aud' });
  });

  it('refuses a wrong secret, alg none, another alg, a missing sub and malformed channels', async () => {
    const v = verifier();
    expect(await v.verify(await signHs256({ sub: 'ann' }, 'another-secret-of-thirty-two-chars'))).toEqual({
      ok: false,
      status: 401,
      reason: 'bad signature',
    });
    expect(await v.verify(new UnsecuredJWT({ sub: 'ann' }).encode())).toMatchObject({ ok: false, status: 401 });
    const hs512 = await new SignJWT({ sub: 'ann' }).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET));
    expect(await v.verify(hs512)).toEqual({ ok: false, status: 401, reason: 'unsupported alg' });
    expect(await v.verify(await signHs256({}, SECRET))).toEqual({ ok: false, status: 401, reason: 'missing sub' });
    expect(await v.verify(await signHs256({ sub: 'ann', channels: 'quote:*' }, SECRET))).toMatchObject({
      ok: false,
      reason: 'channels must be a list of strings',
    });
  });
});
