import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../auth';
import { signHs256 } from '../../../test/tokens';
import { restAuth, type MetricsAccess } from '.';

const SECRET = 'middleware-test-secret-32-chars!!';

function app(auth: boolean, metricsAccess: MetricsAccess = 'open') {
  const verifier = auth
    ? createTokenVerifier({ secret: SECRET, leewaySec: 0, jwksCacheMs: 1000, jwksCooldownMs: 0, jwksTimeoutMs: 1000 })
    : null;
  const a = new Hono<{ Variables: { auth: unknown } }>();
  a.use('*', restAuth({ verifier, metricsAccess }));
  for (const path of ['/api/symbols', '/api/candles', '/healthz', '/readyz', '/metrics', '/index.html'])
    a.get(path, (c) => c.json({ path, auth: c.get('auth') }));
  a.post('/api/replay/pause', (c) => c.json({ paused: true }));
  return a;
}

describe('restAuth', () => {
  it('lets everything through when auth is off, and /metrics follows its own setting', async () => {
    const a = app(false);
    expect((await a.request('/api/symbols')).status).toBe(200);
    expect((await a.request('/metrics')).status).toBe(200);
    expect((await app(false, 'off').request('/metrics')).status).toBe(404);
  });

  it('with auth on: 401 without a token, with WWW-Authenticate; probes and static files stay open', async () => {
    const a = app(true);
    const res = await a.request('/api/symbols');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect((await a.request('/api/replay/pause', { method: 'POST' })).status).toBe(401);
    for (const path of ['/healthz', '/readyz', '/index.html', '/metrics']) expect((await a.request(path)).status).toBe(200);
  });

  it('accepts the bearer header or the candlewire_token cookie and exposes the claims', async () => {
    const a = app(true);
    const token = await signHs256({ sub: 'ann' }, SECRET);
    const viaHeader = await a.request('/api/symbols', { headers: { Authorization: `Bearer ${token}` } });
    expect(await viaHeader.json()).toMatchObject({ auth: { sub: 'ann' } });
    const viaCookie = await a.request('/api/symbols', { headers: { Cookie: `theme=dark; candlewire_token=${token}` } });
    expect(viaCookie.status).toBe(200);
    expect((await a.request('/api/symbols?token=' + token)).status).toBe(401);
  });

  it('applies the channels claim to candles (403) and guards /metrics in token mode', async () => {
    const a = app(true, 'token');
    const token = await signHs256({ sub: 'ann', channels: ['candles:AAPL:*', 'quote:*'] }, SECRET);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await a.request('/api/candles?symbol=AAPL&interval=1m', { headers })).status).toBe(200);
    const denied = await a.request('/api/candles?symbol=MSFT&interval=1m', { headers });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: 'the token does not allow candles:MSFT:1m' } });
    expect((await a.request('/metrics')).status).toBe(401);
    expect((await a.request('/metrics', { headers })).status).toBe(200);
  });
});
