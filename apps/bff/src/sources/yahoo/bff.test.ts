import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/server';
import { useVenueBff } from '../../../test/venue-bff';
import { startFakeYahoo } from '../../../test/fakes/fake-yahoo';
import { createYahooSourceFromConfig } from './index';

const bff = useVenueBff();

describe('Yahoo source behind a real BFF', () => {
  it('turns streamer ticks into trades on a client’s WebSocket, untouched by malformed frames', async () => {
    const fake = await startFakeYahoo();
    const source = createYahooSourceFromConfig(testConfig({ YAHOO_WS_URL: fake.wsUrl, YAHOO_REST_URL: fake.restUrl }));
    const { trades, serverUrl } = await bff.start(fake, source, '0700.HK', () => fake.subscriptions().includes('0700.HK'));
    const now = Date.now();
    fake.tick({ id: '0700.HK', price: 512.5, time: now, dayVolume: 10_000_000, priceHint: 3 });
    fake.sendRaw('{"type":"pricing","message":"////"}');
    fake.tick({ id: '0700.HK', price: 513, time: now + 1, dayVolume: 10_000_400, priceHint: 3 });
    fake.tick({ id: '0700.HK', price: 512.5, time: now + 2, dayVolume: 10_000_500, priceHint: 3 });
    expect(await trades(2)).toEqual([
      expect.objectContaining({ price: 513, size: 400, side: 'buy' }),
      expect.objectContaining({ price: 512.5, size: 100, side: 'sell' }),
    ]);
    expect(source.stats()).toMatchObject({ rejectedFrames: 1, trades: 2 });
    // Symbols load on demand: REST candles of an unwatched Shanghai symbol come from the chart API as .SS.
    expect(fake.chartRequests.some((r) => r.symbol === '600000.SS')).toBe(false);
    const res = await fetch(`${serverUrl}/api/candles?symbol=600000.SH&interval=1d&limit=5`);
    expect(res.status).toBe(200);
    expect(fake.chartRequests.some((r) => r.symbol === '600000.SS' && r.interval === '1d')).toBe(true);
  });
});
