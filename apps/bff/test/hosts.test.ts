import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest, upgradeWith } from './http-raw';
import { startTestServer, type TestServer } from './server';
import { signHs256 } from './tokens';

/** Black-box through real sockets: the Host allowlist (DNS rebinding) and what /api/symbols lists per token. */
const SECRET = 'hosts-test-secret-of-32-characters';

describe('Host allowlist', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const get = (path: string, host: string) => rawRequest(server?.port ?? 0, `GET ${path} HTTP/1.1`, { Host: host });

  it('answers REST only for the public origin, ALLOWED_HOSTS, localhost and IP literals', async () => {
    server = await startTestServer({ PUBLIC_ORIGIN: 'https://candles.example.com', ALLOWED_HOSTS: 'gateway,.corp.example' });
    const port = server.port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      '10.1.2.3',
      'candles.example.com',
      `gateway:${port}`,
      'bff.corp.example',
    ])
      expect((await get('/api/symbols?q=AAPL', host)).status, host).toBe(200);
    const refused = await get('/api/symbols', `evil.example:${port}`);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.body).toContain('"code":"FORBIDDEN"');
    expect(refused.body).toContain('ALLOWED_HOSTS');
    for (const path of ['/api/status', '/metrics', '/', '/api/candles?symbol=AAPL&interval=1m'])
      expect((await get(path, 'evil.example')).status, path).toBe(403);
  });

  it('keeps the probes open to any Host (orchestrators call them by service name)', async () => {
    server = await startTestServer({});
    expect((await get('/healthz', 'candlewire:8080')).status).toBe(200);
    expect((await get('/readyz', 'candlewire:8080')).status).toBe(200);
  });

  it('refuses a WebSocket upgrade to an unknown Host, with or without an Origin', async () => {
    server = await startTestServer({ ALLOWED_HOSTS: 'gateway' });
    const port = server.port;
    expect(await upgradeWith(port, { Host: 'evil.example' })).toBe(403);
    expect(await upgradeWith(port, { Host: 'evil.example', Origin: 'http://localhost:5173' })).toBe(403);
    expect(await upgradeWith(port, { Host: `gateway:${port}` })).toBe(101);
  });

  it('ALLOWED_HOSTS=* answers any Host', async () => {
    server = await startTestServer({ ALLOWED_HOSTS: '*' });
    expect((await get('/api/symbols?q=AAPL', 'anything.example')).status).toBe(200);
    expect(await upgradeWith(server.port, { Host: 'anything.example' })).toBe(101);
  });
});

describe('/api/symbols with auth on', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function listed(token: string, query = ''): Promise<string[]> {
    const res = await fetch(`${server?.url}/api/symbols${query}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol);
  }

  it("lists only the symbols whose channels the token's claim allows", async () => {
    server = await startTestServer({ AUTH_SECRET: SECRET });
    const all = await listed(await signHs256({ sub: 'all' }, SECRET));
    expect(all).toEqual(expect.arrayContaining(['AAPL', 'MSFT', 'BTC-USDT']));
    expect(await listed(await signHs256({ sub: 'any-quote', channels: ['quote:*'] }, SECRET))).toEqual(all);
    expect(await listed(await signHs256({ sub: 'two', channels: ['candles:AAPL:*', 'trades:MSFT', 'markets'] }, SECRET))).toEqual(
      ['AAPL', 'MSFT'].filter((s) => all.includes(s)).sort((a, b) => all.indexOf(a) - all.indexOf(b)),
    );
    expect(await listed(await signHs256({ sub: 'prefix', channels: ['quote:BTC*'] }, SECRET))).toEqual(
      all.filter((s) => s.startsWith('BTC')),
    );
    expect(await listed(await signHs256({ sub: 'pulse', channels: ['markets', 'alerts'] }, SECRET))).toEqual([]);
    expect(await listed(await signHs256({ sub: 'two', channels: ['candles:AAPL:1m'] }, SECRET), '?q=MSFT')).toEqual([]);
  });
});
