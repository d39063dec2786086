import type { UpdateMessage } from '@candlewire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/server';
import { connectClient } from '../../testing/ws-client';
import { createBinanceSource } from './binance-source';
import { startFakeBinance, type FakeBinance } from './fake-binance';
import { createBinanceInstruments } from './symbols';

let fake: FakeBinance;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  await fake.close();
});

describe('binance source behind a real BFF', () => {
  it('streams the venue trades to a WebSocket client, untouched by malformed frames', async () => {
    fake = await startFakeBinance();
    const source = createBinanceSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl, instruments: createBinanceInstruments(['BTC-USDT', 'ETH-USDT'], 'only') });
    server = await startTestServer({}, { source });
    // NOTE: interest-driven upstream is wired by the routing work; here the test subscribes upstream.
    source.subscribe(['BTC-USDT']);
    const client = await connectClient(server.wsUrl);
    client.send({ op: 'subscribe', id: 1, channels: ['trades:BTC-USDT'] });
    await client.waitFor((m) => m.type === 'subscribed');
    const deadline = Date.now() + 5000;
    while (fake.open()[0]?.streams.size !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const conn = fake.open()[0];
    if (conn === undefined) throw new Error('no upstream connection');
    fake.bookTicker('BTC-USDT', 1, 64_999.5, 65_000.5);
    fake.trade('BTC-USDT', { id: 41, price: 65_000, qty: 0.002, time: Date.now(), buyerMaker: true });
    fake.sendRaw(conn, '{"stream":"btcusdt@trade","data":{"e":"trade"}}');
    fake.trade('BTC-USDT', { id: 42, price: 65_001, qty: 0.5, time: Date.now(), buyerMaker: false });
    const updates = await client.waitForCount((m) => m.type === 'update' && m.channel === 'trades:BTC-USDT', 2);
    const trades = updates.map((m) => (m as UpdateMessage).data);
    expect(trades).toEqual([
      expect.objectContaining({ id: 41, price: 65_000, size: 0.002, side: 'sell' }),
      expect.objectContaining({ id: 42, price: 65_001, size: 0.5, side: 'buy' }),
    ]);
    expect(source.stats().rejectedFrames).toBe(1);
    expect(fake.klineRequests.length).toBeGreaterThan(0); // the pipeline seeded from REST klines
    await client.close();
  });
});
