import { INSTRUMENTS } from '@candlewire/market';
import { channel, updateOf } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSource, type FakeSource } from '../../../test/fakes/fake-source';
import { startTestServer, type TestServer } from '../../../test/server';
import { connectClient, type TestClient } from '../../../test/ws-client';
import { createSimSource } from '../sim';
import { createRouterSource } from './router-source';
import { createRouteTable } from './routes';
import type { SourceStatus } from './status';

describe('routing through a real BFF: simulation for stocks, an on-demand venue for crypto', () => {
  let server: TestServer;
  let venue: FakeSource;
  let c: TestClient;
  beforeAll(async () => {
    venue = createFakeSource({ id: 'venue', instruments: INSTRUMENTS.filter((i) => i.market === 'CRYPTO') });
    const sim = createSimSource({ seed: 'routing', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 20 });
    const source = createRouterSource({ sources: [sim, venue], routes: createRouteTable({ CRYPTO: 'venue' }) });
    server = await startTestServer({ FLUSH_MS: '0' }, { source });
    c = await connectClient(server.wsUrl);
    c.send({ op: 'subscribe', id: 1, channels: [channel.trades('AAPL'), channel.trades('BTC-USDT')] });
    await c.waitForCount((m) => m.type === 'subscribed', 2);
  });
  afterAll(async () => {
    await c.close();
    await server.close();
  });

  it('streams simulated stocks as before and only the venue trades for crypto', async () => {
    await c.waitForCount((m) => m.type === 'update' && m.channel === channel.trades('AAPL'), 5);
    expect(venue.calls).toEqual([{ op: 'subscribe', symbols: ['BTC-USDT'] }]);
    const crypto = () => c.messages.filter(updateOf(channel.trades('BTC-USDT')));
    // The simulation also generates BTC-USDT trades: the router drops them, the venue owns it.
    expect(crypto()).toEqual([]);
    venue
      .sink()
      .trades([{ symbol: 'BTC-USDT', id: 42, price: 65_000, size: 0.01, side: 'sell', time: Date.now(), bid: 64_999, ask: 65_001 }]);
    await c.waitFor((m) => m.type === 'update' && m.channel === channel.trades('BTC-USDT'));
    await new Promise((r) => setTimeout(r, 300));
    expect(crypto().map((m) => m.data)).toEqual([{ id: 42, price: 65_000, size: 0.01, side: 'sell', time: expect.any(Number) as number }]);
  });

  it('lists both sources in /api/status and /metrics and serves the union in /api/symbols', async () => {
    const status = (await (await fetch(`${server.url}/api/status`)).json()) as { status: string; sources: SourceStatus[] };
    expect(status.status).toBe('ok');
    expect(status.sources.map((s) => [s.id, s.state])).toEqual([
      ['sim', 'live'],
      ['venue', 'live'],
    ]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^candlewire_source_state\{source="venue",state="live"\} 1$/m);
    expect(metrics).toMatch(/^candlewire_source_subscribed_symbols\{source="venue"\} 1$/m);
    expect(metrics).toMatch(/^candlewire_source_connects_total\{source="venue"\} 1$/m);
    const symbols = (await (await fetch(`${server.url}/api/symbols?market=CRYPTO`)).json()) as { symbols: { symbol: string }[] };
    expect(symbols.symbols.length).toBe(10);
  });
});
