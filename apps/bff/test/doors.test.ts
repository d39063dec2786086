import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Candle } from '@candlewire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { upgradeWith, rawRequest } from './http-raw';
import { startTestServer, type TestServer } from './server';
import { signHs256 } from './tokens';
import { connectClient } from './ws-client';

/** Black-box through real sockets: auth on every door, Origins, REST hygiene. */
const SECRET = 'doors-test-secret-of-32-characters';
const FIXTURE = new URL('../fixtures/sim-session.ndjson', import.meta.url).pathname;

function webDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Candlewire</title>');
  return dir;
}

describe('doors', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('with auth on: REST data needs the token, the channels claim applies, probes stay open, /metrics has its own setting', async () => {
    server = await startTestServer({ AUTH_SECRET: SECRET, METRICS_ACCESS: 'token' });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server?.url}${path}`, { headers });
    for (const path of ['/api/symbols', '/api/candles?symbol=AAPL&interval=1m', '/api/status', '/metrics']) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect(
      (await get('/api/symbols', { Authorization: `Bearer ${await signHs256({ sub: 'x' }, 'not-the-secret-not-the-secret-32ch')}` }))
        .status,
    ).toBe(401);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    const token = await signHs256({ sub: 'ann', channels: ['candles:AAPL:*'] }, SECRET);
    const auth = { Authorization: `Bearer ${token}` };
    expect((await get('/api/symbols', auth)).status).toBe(200);
    expect((await get('/api/status', { Cookie: `candlewire_token=${token}` })).status).toBe(200);
    expect((await get('/api/candles?symbol=AAPL&interval=1m&limit=5', auth)).status).toBe(200);
    const forbidden = await get('/api/candles?symbol=MSFT&interval=1m', auth);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get('/metrics', auth)).status).toBe(200);
    expect(await upgradeWith(server.port, { Host: `127.0.0.1:${server.port}`, Cookie: `candlewire_token=${token}` })).toBe(101);
  });

  it('METRICS_ACCESS=off hides /metrics', async () => {
    server = await startTestServer({ METRICS_ACCESS: 'off' });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('replay controls: 401 without a token, 403 from a foreign Origin even with one, 200 from a tool or the app itself', async () => {
    server = await startTestServer({ SOURCE: `replay:${FIXTURE}`, REPLAY_PAUSED: 'true', AUTH_SECRET: SECRET });
    const token = await signHs256({ sub: 'ops' }, SECRET);
    const post = (path: string, headers: Record<string, string>) => fetch(`${server?.url}${path}`, { method: 'POST', headers });
    expect((await post('/api/replay/resume', {})).status).toBe(401);
    expect((await post('/api/replay/resume', { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/replay/seek?time=0', { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' })).status).toBe(403);
    const resumed = await post('/api/replay/resume', { Authorization: `Bearer ${token}` });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ state: 'playing' });
    expect((await post('/api/replay/pause', { Authorization: `Bearer ${token}`, Origin: server.url })).status).toBe(200);
  });

  it('a foreign Origin cannot rewind a replay with auth off either', async () => {
    server = await startTestServer({ SOURCE: `replay:${FIXTURE}`, REPLAY_PAUSED: 'true' });
    const res = await fetch(`${server.url}/api/replay/resume`, { method: 'POST', headers: { Origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(await (await fetch(`${server.url}/api/replay`)).json()).toMatchObject({ state: 'paused' });
  });

  it('refuses a DNS-rebinding handshake (Host and Origin both evil.example) and allows the public origin', async () => {
    server = await startTestServer({ PUBLIC_ORIGIN: 'https://candles.example.com' });
    const evil = `evil.example:${server.port}`;
    expect(await upgradeWith(server.port, { Host: evil, Origin: `http://${evil}` })).toBe(403);
    expect(await upgradeWith(server.port, { Host: 'candles.example.com', Origin: 'https://candles.example.com' })).toBe(101);
    expect(await upgradeWith(server.port, { Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` })).toBe(101);
    // NOTE: without an Origin the Host allowlist still applies (test/hosts.test.ts).
    expect(await upgradeWith(server.port, { Host: evil })).toBe(403);
    expect(await upgradeWith(server.port, { Host: `127.0.0.1:${server.port}` })).toBe(101);
  });

  it('answers an unknown /api path with a JSON 404 while the web app is served', async () => {
    server = await startTestServer({ WEB_DIST: webDist() });
    const res = await fetch(`${server.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await fetch(`${server.url}/api/replay/nope`, { method: 'POST' })).status).toBe(404);
    const page = await fetch(`${server.url}/some/deep/link`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Candlewire</title>');
  });

  it('serves no candle from before the history starts', async () => {
    server = await startTestServer({ HISTORY_START: '2020-01-01' });
    const start = Date.UTC(2020, 0, 1) / 1000;
    const candles = async (query: string) =>
      ((await (await fetch(`${server?.url}/api/candles?symbol=AAPL&interval=1m&${query}`)).json()) as { candles: Candle[] }).candles;
    expect(await candles('before=1')).toEqual([]);
    expect(await candles(`before=${start}`)).toEqual([]);
    const first = await candles(`before=${start + 600}&limit=100`);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(10);
    for (const c of first) expect(c.time).toBeGreaterThanOrEqual(start);
  });

  it('sends security headers and a CSP that allows its own WebSocket; CORS only where configured', async () => {
    server = await startTestServer({ WEB_DIST: webDist() });
    const page = await fetch(`${server.url}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const host = new URL(server.url).host;
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const api = await fetch(`${server.url}/api/symbols`, { headers: { Origin: 'https://dash.example' } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    expect(api.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await server.close();
    server = await startTestServer({ CORS_ORIGINS: 'https://dash.example' });
    const cors = await fetch(`${server.url}/api/symbols`, { headers: { Origin: 'https://dash.example' } });
    expect(cors.headers.get('access-control-allow-origin')).toBe('https://dash.example');
    const other = await fetch(`${server.url}/api/symbols`, { headers: { Origin: 'https://other.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the WebSocket working under the same token as REST', async () => {
    server = await startTestServer({ AUTH_SECRET: SECRET });
    const token = await signHs256({ sub: 'ann' }, SECRET);
    const c = await connectClient(`${server.wsUrl}?token=${token}`);
    c.send({ op: 'subscribe', id: 1, channels: ['quote:AAPL'] });
    await c.waitFor((m) => m.type === 'subscribed');
    await c.close();
    const res = await rawRequest(server.port, 'GET /api/symbols?q=AAPL HTTP/1.1', {
      Host: `127.0.0.1:${server.port}`,
      Authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(200);
  });
});
