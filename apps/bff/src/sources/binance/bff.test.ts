import { describe, expect, it } from 'vitest';
import { useVenueBff } from '../../../test/venue-bff';
import { createBinanceSource } from './binance-source';
import { startFakeBinance } from '../../../test/fakes/fake-binance';
import { createBinanceInstruments } from './symbols';

const bff = useVenueBff();

describe('binance source behind a real BFF', () => {
  it('streams the venue trades to a WebSocket client, untouched by malformed frames', async () => {
    const fake = await startFakeBinance();
    const source = createBinanceSource({
      wsUrl: fake.wsUrl,
      restUrl: fake.restUrl,
      instruments: createBinanceInstruments(['BTC-USDT', 'ETH-USDT'], 'only'),
    });
    const { trades } = await bff.start(fake, source, 'BTC-USDT', () => fake.open()[0]?.streams.size === 2);
    const conn = fake.open()[0];
    if (conn === undefined) throw new Error('no upstream connection');
    fake.bookTicker('BTC-USDT', 1, 64_999.5, 65_000.5);
    fake.trade('BTC-USDT', { id: 41, price: 65_000, qty: 0.002, time: Date.now(), buyerMaker: true });
    fake.sendRaw(conn, '{"stream":"btcusdt@trade","data":{"e":"trade"}}');
    fake.trade('BTC-USDT', { id: 42, price: 65_001, qty: 0.5, time: Date.now(), buyerMaker: false });
    expect(await trades(2)).toEqual([
      expect.objectContaining({ id: 41, price: 65_000, size: 0.002, side: 'sell' }),
      expect.objectContaining({ id: 42, price: 65_001, size: 0.5, side: 'buy' }),
    ]);
    expect(source.stats().rejectedFrames).toBe(1);
    expect(fake.klineRequests.length).toBeGreaterThan(0); // the pipeline seeded from REST klines
  });
});
