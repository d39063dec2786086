import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createVenueSocket, type VenueSocket } from './venue-socket';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function startServer() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const received: { conn: number; at: number; kind: 'message' | 'pong'; text: string }[] = [];
  const conns: WebSocket[] = [];
  wss.on('connection', (ws) => {
    const conn = conns.push(ws) - 1;
    ws.on('message', (d: Buffer) => received.push({ conn, at: Date.now(), kind: 'message', text: d.toString() }));
    ws.on('pong', (d: Buffer) => received.push({ conn, at: Date.now(), kind: 'pong', text: d.toString() }));
  });
  cleanups.push(() => wss.close());
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `ws://127.0.0.1:${port}`, received, conns };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function track(socket: VenueSocket): VenueSocket {
  cleanups.push(() => socket.stop());
  return socket;
}

describe('venue socket', () => {
  it('paces every frame it sends, pongs first and echoing the ping payload', async () => {
    const server = await startServer();
    let opened = 0;
    const socket = track(
      createVenueSocket({
        url: () => server.url,
        pacing: { ratePerSec: 20, burst: 2 },
        backoff: { baseMs: 10, capMs: 100 },
        onOpen: () => opened++,
        onMessage: () => undefined,
        onClose: () => undefined,
      }),
    );
    socket.start();
    await until(() => opened === 1 && server.conns.length === 1);
    for (let i = 0; i < 10; i++) socket.send(`m${i}`);
    server.conns[0]?.ping('hello');
    await until(() => server.received.length === 11);
    const pong = server.received.findIndex((r) => r.kind === 'pong');
    expect(server.received[pong]?.text).toBe('hello');
    expect(pong).toBeLessThan(10);
    expect(server.received.filter((r) => r.kind === 'message').map((r) => r.text)).toEqual([...Array(10).keys()].map((i) => `m${i}`));
    const times = server.received.map((r) => r.at);
    // 20/s with burst 2: 11 frames need at least (11 - 2) / 20 s = 450 ms (minus timer slack).
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('reconnects after a drop and reports the close', async () => {
    const server = await startServer();
    const closes: boolean[] = [];
    let opened = 0;
    const socket = track(
      createVenueSocket({
        url: () => server.url,
        pacing: { ratePerSec: 5, burst: 1 },
        backoff: { baseMs: 10, capMs: 50 },
        onOpen: () => opened++,
        onMessage: () => undefined,
        onClose: (info) => closes.push(info.wasOpen),
      }),
    );
    socket.start();
    await until(() => opened === 1);
    server.conns[0]?.terminate();
    await until(() => opened === 2);
    expect(closes).toEqual([true]);
    expect(socket.attempts()).toBe(2);
    expect(socket.isOpen()).toBe(true);
    socket.stop();
    expect(socket.send('x')).toBe(false);
  });
});
