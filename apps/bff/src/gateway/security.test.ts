import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { channel, type Channel, type ErrorMessage, type Interval } from '@candlewire/protocol';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { Broker, SnapshotSeeder } from '../broker/types';
import { createMemoryBroker } from '../broker/memory';
import { connectClient } from '../../test/ws-client';
import { startTestServer, type TestServer } from '../../test/server';
import { signHs256 } from '../../test/tokens';

/** The HTTP status a refused upgrade answers with. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', reject);
  });
}

describe('gateway security and limits', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses a foreign Origin with 403 and accepts its own, localhost and allowlisted ones', async () => {
    server = await startTestServer();
    expect(await upgradeStatus(server.wsUrl, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.wsUrl, { Origin: server.url })).toBe(101);
    expect(await upgradeStatus(server.wsUrl, { Origin: 'http://localhost:5173' })).toBe(101);
    await server.close();
    server = await startTestServer({ ALLOWED_ORIGINS: 'https://app.example' });
    expect(await upgradeStatus(server.wsUrl, { Origin: 'https://app.example' })).toBe(101);
    expect(await upgradeStatus(server.wsUrl, { Origin: 'http://localhost:5173' })).toBe(403);
  });

  it('answers 503 before the upgrade when the server is full', async () => {
    const full = await startTestServer({ MAX_CONNECTIONS: '2' });
    server = full;
    const a = await connectClient(full.wsUrl);
    const b = await connectClient(full.wsUrl);
    expect(await upgradeStatus(full.wsUrl)).toBe(503);
    await a.close();
    // NOTE: the server counts the close once it has handled it, a moment after the client saw it.
    await expect.poll(() => upgradeStatus(full.wsUrl), { timeout: 5000, interval: 20 }).toBe(101);
    await b.close();
  });

  it('with auth: 401 without a valid token, FORBIDDEN outside the token channels, 1008 on expiry', async () => {
    const secret = 'a-test-secret-of-32-characters!!';
    server = await startTestServer({ AUTH_SECRET: secret });
    expect(await upgradeStatus(server.wsUrl)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}?token=${await signHs256({ sub: 'u' }, 'another-secret-of-32-characters!!')}`)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}?token=${await signHs256({ sub: 'u', exp: 1 }, secret)}`)).toBe(401);
    const token = await signHs256({ sub: 'u', exp: Math.floor(Date.now() / 1000) + 2, channels: ['quote:*'] }, secret);
    const c = await connectClient(`${server.wsUrl}?token=${token}`);
    c.send({ op: 'subscribe', id: 1, channels: ['trades:AAPL', 'quote:AAPL'] });
    const error = await c.waitFor<ErrorMessage>((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'FORBIDDEN', channel: 'trades:AAPL' });
    await c.waitFor((m) => m.type === 'subscribed' && m.channel === 'quote:AAPL');
    expect((await c.closed).code).toBe(1008);
  });

  it('answers INTERNAL for a channel whose state cannot load, without touching the other channels', async () => {
    const failing = (seeder: SnapshotSeeder): Broker => {
      const inner = createMemoryBroker({ seeder });
      return {
        ...inner,
        prepare: (ch) => (ch === channel.candles('TSLA', '1h') ? Promise.reject(new Error('disk on fire')) : inner.prepare(ch)),
      };
    };
    server = await startTestServer({}, { broker: failing });
    const c = await connectClient(server.wsUrl);
    c.send({ op: 'subscribe', id: 3, channels: ['quote:TSLA', 'candles:TSLA:1h', 'trades:TSLA'] });
    const error = await c.waitFor<ErrorMessage>((m) => m.type === 'error');
    expect(error).toMatchObject({
      id: 3,
      code: 'INTERNAL',
      channel: 'candles:TSLA:1h',
      message: 'could not load candles:TSLA:1h: disk on fire',
    });
    await c.waitForCount((m) => m.type === 'subscribed', 2);
    await c.waitFor((m) => m.type === 'update' && m.channel === 'trades:TSLA');
    await c.close();
  });

  it('closes a consumer that falls too far behind with 1013', async () => {
    server = await startTestServer({ MAX_BUFFERED_BYTES: '65536', SIM_TRADES_PER_SEC: '100' });
    // NOTE: a raw client that completes the handshake, subscribes, then never reads again,
    // as a frozen tab would: the kernel buffers fill, then the server's own queue.
    const socket = connect(server.port, '127.0.0.1');
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise((r) => socket.once('data', r));
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'META', 'BTC-USDT', 'ETH-USDT', 'SOL-USDT', '0700.HK', '600000.SH'];
    const intervals: Interval[] = ['1s', '1m', '5m', '15m'];
    const channels = symbols.flatMap((s): Channel[] => [...intervals.map((i) => channel.candles(s, i)), channel.trades(s)]);
    socket.write(maskedTextFrame(JSON.stringify({ op: 'subscribe', id: 1, channels })));
    socket.pause();
    const deadline = Date.now() + 25_000;
    let metrics = '';
    while (Date.now() < deadline && !/candlewire_closes_total\{code="1013"\} [1-9]/.test(metrics)) {
      await new Promise((r) => setTimeout(r, 250));
      metrics = await (await fetch(`${server.url}/metrics`)).text();
    }
    expect(metrics).toMatch(/candlewire_closes_total\{code="1013"\} [1-9]/);
    socket.destroy();
  });
});

/** A client frame as RFC 6455 says: FIN + text opcode, masked payload. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([header, mask, body]);
}

describe('graceful shutdown', () => {
  it('closes clients with 1012 on SIGTERM and exits within 10 s', async () => {
    const main = fileURLToPath(new URL('../main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        const m = /running at (http:\/\/[^\s"]+)/.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const c = await connectClient(`${url.replace('http', 'ws')}/ws`);
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect((await c.closed).code).toBe(1012);
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
