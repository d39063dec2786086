import type { UpdateMessage } from '@candlewire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, testConfig, type TestServer } from '../../testing/server';
import { until } from '../../testing/until';
import { connectClient } from '../../testing/ws-client';
import { startFakeYahoo, type FakeYahoo } from './fake-yahoo';
import { createYahooSourceFromConfig } from './index';

let fake: FakeYahoo;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  await fake.close();
});

describe('Yahoo source behind a real BFF', () => {
  it('turns streamer ticks into trades on a client’s WebSocket, untouched by malformed frames', async () => {
    fake = await startFakeYahoo();
    const source = createYahooSourceFromConfig(testConfig({ YAHOO_WS_URL: fake.wsUrl, YAHOO_REST_URL: fake.restUrl }));
    server = await startTestServer({}, { source });
    // NOTE: interest-driven upstream is wired by the routing work; here the test subscribes upstream.
    source.subscribe(['0700.HK']);
    const client = await connectClient(server.wsUrl);
    client.send({ op: 'subscribe', id: 1, channels: ['trades:0700.HK'] });
    await client.waitFor((m) => m.type === 'subscribed');
    await until(() => fake.subscriptions().includes('0700.HK'), 'upstream subscribe');
    const now = Date.now();
    fake.tick({ id: '0700.HK', price: 512.5, time: now, dayVolume: 10_000_000, priceHint: 3 });
    fake.sendRaw('{"type":"pricing","message":"////"}');
    fake.tick({ id: '0700.HK', price: 513, time: now + 1, dayVolume: 10_000_400, priceHint: 3 });
    fake.tick({ id: '0700.HK', price: 512.5, time: now + 2, dayVolume: 10_000_500, priceHint: 3 });
    const updates = await client.waitForCount((m) => m.type === 'update' && m.channel === 'trades:0700.HK', 2);
    expect(updates.map((m) => (m as UpdateMessage).data)).toEqual([
      expect.objectContaining({ price: 513, size: 400, side: 'buy' }),
      expect.objectContaining({ price: 512.5, size: 100, side: 'sell' }),
    ]);
    expect(source.stats()).toMatchObject({ rejectedFrames: 1, trades: 2 });
    // The pipeline seeded every symbol's candles from the chart API, Shanghai ones as .SS.
    expect(fake.chartRequests.some((r) => r.symbol === '600000.SS' && r.interval === '1d')).toBe(true);
    await client.close();
  });
});
