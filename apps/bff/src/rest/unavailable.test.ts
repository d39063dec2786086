import { INSTRUMENTS } from '@candlewire/market';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeSource } from '../../test/fakes/fake-source';
import { startTestServer, type TestServer } from '../../test/server';

describe('REST when a venue cannot serve history', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('answers 503 UNAVAILABLE with the reason and Retry-After, and the next request still works', async () => {
    const venue = createFakeSource({ id: 'venue', instruments: INSTRUMENTS.filter((i) => i.market === 'CRYPTO') });
    let reachable = false;
    const flaky = {
      ...venue,
      history: (...args: Parameters<typeof venue.history>) =>
        reachable ? venue.history(...args) : Promise.reject(new Error('getaddrinfo ENOTFOUND venue.example')),
    };
    server = await startTestServer({}, { source: flaky });

    const res = await fetch(`${server.url}/api/candles?symbol=BTC-USDT&interval=1m&limit=3`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'history of BTC-USDT is unavailable from its source: getaddrinfo ENOTFOUND venue.example' },
    });

    reachable = true;
    const ok = await fetch(`${server.url}/api/candles?symbol=BTC-USDT&interval=1m&limit=3`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { candles: unknown[] }).candles).toHaveLength(3);
  });
});
