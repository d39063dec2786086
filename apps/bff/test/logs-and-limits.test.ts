import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging';
import { upgradeWith } from './http-raw';
import { startTestServer, type TestServer } from './server';
import { signHs256 } from './tokens';
import { connectClient } from './ws-client';

const SECRET = 'logs-test-secret-of-32-characters!';

/** A logger writing into memory, as the BFF's own logger (same redaction) at debug. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

describe('logs', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('are JSON only, carry request ids, connects and closes with codes and rate-limit hits, and never a token', async () => {
    const { logger, lines } = capturedLogger();
    server = await startTestServer({ AUTH_SECRET: SECRET, MAX_MESSAGES_PER_SECOND: '2' }, { logger });
    const good = await signHs256({ sub: 'ann', channels: ['quote:*'] }, SECRET);
    const bad = `${good.slice(0, -4)}AAAA`;
    await fetch(`${server.url}/api/symbols`, { headers: { Authorization: `Bearer ${good}` } });
    await fetch(`${server.url}/api/status`, { headers: { Authorization: `Bearer ${bad}` } });
    await fetch(`${server.url}/api/status`, { headers: { Cookie: `candlewire_token=${good}` } });
    expect(await upgradeWith(server.port, { Host: '127.0.0.1' }, `/ws?token=${bad}`)).toBe(401);
    const c = await connectClient(`${server.wsUrl}?token=${good}`);
    c.send({ op: 'subscribe', id: 1, channels: ['trades:AAPL'] });
    await c.waitFor((m) => m.type === 'error');
    for (let i = 0; i < 3; i++) c.send({ op: 'ping', id: 10 + i });
    await c.waitFor((m) => m.type === 'error' && m.code === 'RATE_LIMITED');
    c.ws.close(4000, 'bye');
    await c.closed;
    await expect.poll(() => lines.some((l) => l.includes('"msg":"closed"'))).toBe(true);

    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const text = lines.join('\n');
    for (const secret of [good, bad, ...good.split('.'), ...bad.split('.')]) expect(text).not.toContain(secret);
    const requests = entries.filter((e) => e['msg'] === 'request');
    expect(requests.map((e) => [e['route'], e['status']])).toEqual([
      ['/api/symbols', 200],
      ['/*', 401],
      ['/api/status', 200],
    ]);
    for (const r of requests) expect(r['requestId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries.find((e) => e['msg'] === 'connected')).toMatchObject({ level: 30, sub: 'ann', ip: '127.0.0.1' });
    expect(entries.find((e) => e['msg'] === 'closed')).toMatchObject({ level: 30, code: 4000, reason: 'bye' });
    expect(entries.find((e) => e['msg'] === 'rate limited')).toMatchObject({ level: 40, limit: 2 });
    expect(entries.find((e) => e['msg'] === 'upgrade refused')).toMatchObject({ status: 401, reason: 'bad signature' });
  });
});

describe('abuse limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses connections over MAX_CONNECTIONS_PER_IP with 429 until one closes', async () => {
    server = await startTestServer({ MAX_CONNECTIONS_PER_IP: '2' });
    const a = await connectClient(server.wsUrl);
    const b = await connectClient(server.wsUrl);
    expect(await upgradeWith(server.port, { Host: '127.0.0.1' })).toBe(429);
    await a.close();
    await expect.poll(() => upgradeWith(server?.port ?? 0, { Host: '127.0.0.1' })).toBe(101);
    await b.close();
  });

  it('drops a connection that does not finish its request headers within HANDSHAKE_TIMEOUT_MS', async () => {
    server = await startTestServer({ HANDSHAKE_TIMEOUT_MS: '300' });
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => void (answer += d.toString()));
    socket.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
    await new Promise((r) => socket.once('close', r));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection without subscriptions after IDLE_TIMEOUT_MS with 1008, and keeps one that subscribes', async () => {
    server = await startTestServer({ IDLE_TIMEOUT_MS: '300', HEARTBEAT_MS: '100' });
    const busy = await connectClient(server.wsUrl);
    busy.send({ op: 'subscribe', id: 1, channels: ['quote:AAPL'] });
    await busy.waitFor((m) => m.type === 'subscribed');
    const idle = await connectClient(server.wsUrl);
    expect(await idle.closed).toEqual({ code: 1008, reason: 'idle: no subscription for 0.3 s' });
    expect(busy.ws.readyState).toBe(busy.ws.OPEN);
    await busy.close();
  });
});
