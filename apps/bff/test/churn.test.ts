import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server';
import { connectClient } from './ws-client';

/**
 * Black-box through real sockets: connections that come and go leave nothing behind (the soak's
 * 1 % churn per minute, compressed): no connection or subscription is still counted, and no
 * metric series is keyed by session, IP or anything else per connection.
 */
const SYMBOLS = ['AAPL', 'MSFT', 'BTC-USDT', '0700.HK'];

/** Series names with labels (values dropped) of the BFF's own metrics. */
const series = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('candlewire_'))
      .map((l) => l.slice(0, l.lastIndexOf(' '))),
  );

describe('connection churn', () => {
  let server: TestServer;
  const status = async () => (await (await fetch(`${server.url}/api/status`)).json()) as { connections: number; subscriptions: number };
  const metrics = async () => (await fetch(`${server.url}/metrics`)).text();

  /** `n` clients that subscribe, then half close cleanly and half drop (terminate). */
  async function churn(n: number): Promise<void> {
    for (let batch = 0; batch < n; batch += 20) {
      const clients = await Promise.all(Array.from({ length: 20 }, () => connectClient(server.wsUrl)));
      await Promise.all(
        clients.map(async (c, i) => {
          c.send({ op: 'subscribe', id: 1, channels: [`quote:${SYMBOLS[i % SYMBOLS.length] ?? 'AAPL'}`, 'markets'] });
          await c.waitForCount((m) => m.type === 'subscribed', 2);
        }),
      );
      await Promise.all(clients.map((c, i) => (i % 2 === 0 ? c.close() : (c.ws.terminate(), c.closed))));
    }
  }

  beforeAll(async () => {
    server = await startTestServer({});
  });
  afterAll(async () => {
    await server.close();
  });

  it('after 200 connections come and go: nothing counted, no new metric series', async () => {
    await churn(20);
    // NOTE: a close reaches the server a moment after the client's close() resolves: ask until it has.
    const settled = async () => {
      let s = await status();
      for (let i = 0; i < 1000 && (s.connections > 0 || s.subscriptions > 0); i++) s = await status();
      return s;
    };
    await settled();
    const before = series(await metrics());
    expect(before.size).toBeGreaterThan(10);
    await churn(200);
    expect(await settled()).toMatchObject({ connections: 0, subscriptions: 0 });
    const text = await metrics();
    expect(text).toMatch(/^candlewire_connections 0$/m);
    const after = series(text);
    expect([...after].filter((s) => !before.has(s))).toEqual([]);
  });
});
