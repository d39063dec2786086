import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthToken, takeFragmentToken, tokenCookie, tokenExpiry, type AuthEnv } from './auth-token';

const NOW = Date.UTC(2026, 0, 5, 12);
/** An unsigned JWT-shaped token with `exp` (the client never verifies; the server does). */
const jwt = (exp: number, sub = 'ann') =>
  `e30.${btoa(JSON.stringify({ sub, exp })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;

/** A test environment: a hand-driven scheduler and the clock it sets. */
function testEnv(overrides: Partial<AuthEnv>) {
  const cookies: string[] = [];
  const hashes: string[] = [];
  const timers: { at: number; fn: () => void }[] = [];
  let now = NOW;
  const env: AuthEnv = {
    config: {},
    hash: '',
    replaceHash: (h) => void hashes.push(h),
    setCookie: (c) => void cookies.push(c),
    fetch: (input, init) => fetch(input, init),
    schedule: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => void timers.splice(timers.indexOf(timer), 1);
    },
    now: () => now,
    secure: false,
    ...overrides,
  };
  /** Runs the next timer, moving the clock to its time. */
  const runNext = () => {
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (next === undefined) throw new Error('no timer');
    now = next.at;
    next.fn();
  };
  return { env, cookies, hashes, timers, runNext, nowMs: () => now };
}

describe('auth token', () => {
  let server: Server | undefined;
  afterEach(() => void server?.close());

  it('reads and strips #token= from the fragment, keeping the rest', () => {
    expect(takeFragmentToken('#token=abc&view=4')).toEqual({ token: 'abc', rest: '#view=4' });
    expect(takeFragmentToken('#access_token=xyz')).toEqual({ token: 'xyz', rest: '' });
    expect(takeFragmentToken('')).toEqual({ token: null, rest: '' });
  });

  it('reads exp and builds a strict, expiring cookie', () => {
    const token = jwt(NOW / 1000 + 600);
    expect(tokenExpiry(token)).toBe(NOW / 1000 + 600);
    expect(tokenExpiry('nonsense')).toBeNull();
    expect(tokenCookie(token, NOW / 1000 + 600, NOW, true)).toBe(`candlewire_token=${token}; Path=/; SameSite=Strict; Max-Age=600; Secure`);
  });

  it('does nothing without a token', () => {
    const t = testEnv({});
    startAuthToken(t.env);
    expect(t.cookies).toEqual([]);
    expect(t.timers).toEqual([]);
  });

  it('stores the fragment token, renews it through the configured endpoint before exp, and retries a failed renewal', async () => {
    const issued: string[] = [];
    const seen: string[] = [];
    let fail = false;
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (fail) return void res.writeHead(502).end();
      const next = jwt(Math.floor(t.nowMs() / 1000) + 600, `renewed-${issued.length}`);
      issued.push(next);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: next }));
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/renew`;
    const first = jwt(NOW / 1000 + 300);
    const t = testEnv({ hash: `#token=${first}`, config: { authRenewUrl: url, authRenewBeforeSec: 60 } });
    startAuthToken(t.env);
    expect(t.hashes).toEqual(['']);
    expect(t.cookies).toEqual([`candlewire_token=${first}; Path=/; SameSite=Strict; Max-Age=300`]);
    expect(t.timers.map((x) => x.at - NOW)).toEqual([240_000]);

    t.runNext();
    await expect.poll(() => t.cookies.length).toBe(2);
    expect(seen).toEqual([`POST /renew Bearer ${first}`]);
    expect(t.cookies[1]).toContain(`candlewire_token=${issued[0]};`);

    fail = true;
    t.runNext();
    await expect.poll(() => t.timers.length).toBe(1);
    expect(t.timers[0]?.at).toBe(t.nowMs() + 10_000);
    fail = false;
    t.runNext();
    await expect.poll(() => t.cookies.length).toBe(3);
    expect(seen.at(-1)).toBe(`POST /renew Bearer ${issued[0]}`);
  });
});
