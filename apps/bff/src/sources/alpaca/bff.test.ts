import { channel, updateOf } from '@candlewire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../../test/server';
import { until, useFakeClock } from '../../../test/until';
import { connectClient } from '../../../test/ws-client';
import { useVenueBff } from '../../../test/venue-bff';
import { createAlpacaSource } from './alpaca-source';
import { createAlpacaSourceFromConfig, type AlpacaSource } from './index';
import { startFakeAlpaca } from '../../../test/fakes/fake-alpaca';

const bff = useVenueBff();

describe('Alpaca source behind a real BFF', () => {
  it('is built from config (feed in the URL, keys in auth and REST headers) and streams trades to clients', async () => {
    const fake = await startFakeAlpaca();
    const config = testConfig({
      ALPACA_KEY_ID: 'test-key',
      ALPACA_SECRET_KEY: 'test-secret',
      ALPACA_WS_URL: fake.wsUrl.replace('/iex', '/{feed}'),
      ALPACA_REST_URL: fake.restUrl,
      ALPACA_FEED: 'iex',
    });
    const built = createAlpacaSourceFromConfig(config);
    if ('disabled' in built) throw new Error(built.disabled);
    const source: AlpacaSource = built;
    const { trades } = await bff.start(fake, source, 'NVDA', () => fake.subscriptions('trades').includes('NVDA'));
    const t = new Date().toISOString();
    fake.emit([{ T: 't', S: 'NVDA', i: 7, x: 'V', p: 181.25, s: 40, t, c: ['@'], z: 'C' }]);
    fake.sendRaw('[{"T":"t","S":"NVDA"}]');
    fake.emit([{ T: 't', S: 'NVDA', i: 8, x: 'V', p: 181.3, s: 10, t, c: ['@'], z: 'C' }]);
    expect(await trades(2)).toEqual([
      expect.objectContaining({ id: 7, price: 181.25, size: 40 }),
      expect.objectContaining({ id: 8, price: 181.3, size: 10 }),
    ]);
    expect(source.stats().rejectedFrames).toBe(1);
    expect(fake.restRequests.length).toBeGreaterThan(0);
    expect(fake.restRequests.every((r) => r.authorized && r.query['feed'] === 'iex')).toBe(true);
  });

  it('is disabled with a clear message when no key is set', () => {
    expect(createAlpacaSourceFromConfig(testConfig())).toEqual({ disabled: 'alpaca disabled: set ALPACA_KEY_ID and ALPACA_SECRET_KEY' });
  });
});

describe('Alpaca corrections behind a real BFF', () => {
  afterEach(() => void vi.useRealTimers());

  it('a corrected minute reaches a client on candles:AAPL:5m as the revised 5m candle, also over REST', async () => {
    /** Tuesday 2026-11-17 10:07:05 New York. */
    const now = Date.UTC(2026, 10, 17, 15, 7, 5);
    useFakeClock(now);
    const fake = await startFakeAlpaca();
    const source = createAlpacaSource({
      credentials: { key: 'test-key', secret: 'test-secret' },
      wsUrl: fake.wsUrl,
      restUrl: fake.restUrl,
      feed: 'iex',
      emptyBuckets: 'skip',
      correctionDebounceMs: 100,
    });
    const start = Date.UTC(2026, 10, 17, 15, 0) / 1000;
    const bars = [0, 1, 2, 3, 4].map((i) => ({
      time: start + 60 * i,
      open: 50 + i,
      high: 52 + i,
      low: 49 + i,
      close: 51 + i,
      volume: 10 * (i + 1),
    }));
    const fix = { time: start + 180, open: 53, high: 60, low: 40, close: 41, volume: 999 };
    const corrected = bars.map((b) => (b.time === fix.time ? fix : b));
    const iso = (sec: number): string => new Date(sec * 1000).toISOString();
    fake.setBars(
      'AAPL',
      '1Min',
      corrected.map((b) => ({ t: iso(b.time), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume })),
    );
    // The venue's 5Min bar from before the correction: what /api/candles starts from.
    fake.setBars('AAPL', '5Min', [{ t: iso(start), o: 50, h: 56, l: 49, c: 55, v: 150 }]);
    const { serverUrl } = await bff.start(fake, source, 'AAPL', () => fake.subscriptions('updatedBars').includes('AAPL'));
    const client = await connectClient(`${serverUrl.replace('http', 'ws')}/ws`);
    const fiveMinutes = channel.candles('AAPL', '5m');
    client.send({ op: 'subscribe', id: 2, channels: [fiveMinutes] });
    await client.waitFor((m) => m.type === 'subscribed');
    fake.emit([{ T: 'u', S: 'AAPL', t: iso(fix.time), o: fix.open, h: fix.high, l: fix.low, c: fix.close, v: fix.volume, n: 3, vw: 45 }]);
    const isRevision = updateOf(fiveMinutes);
    // NOTE: fake time drives the debounce and the gateway's flush; real sockets do the rest.
    await until(() => {
      vi.advanceTimersByTime(10);
      return client.messages.some(isRevision);
    }, 'revised 5m candle');
    const expected = {
      time: start,
      open: corrected[0]?.open,
      high: Math.max(...corrected.map((b) => b.high)),
      low: Math.min(...corrected.map((b) => b.low)),
      close: corrected.at(-1)?.close,
      volume: corrected.reduce((sum, b) => sum + b.volume, 0),
    };
    expect(client.messages.filter(isRevision).map((m) => m.data)).toEqual([{ ...expected, closed: true }]);
    const res = await fetch(`${serverUrl}/api/candles?symbol=AAPL&interval=5m&limit=5`);
    const body = (await res.json()) as { candles: unknown[] };
    expect(body.candles).toContainEqual(expect.objectContaining(expected));
    await client.close();
  });
});
