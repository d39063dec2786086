import type { UpdateMessage } from '@candlewire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, testConfig, type TestServer } from '../../testing/server';
import { until } from '../../testing/until';
import { connectClient } from '../../testing/ws-client';
import { createAlpacaSourceFromConfig, type AlpacaSource } from './index';
import { startFakeAlpaca, type FakeAlpaca } from './fake-alpaca';

let fake: FakeAlpaca;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  await fake.close();
});

describe('Alpaca source behind a real BFF', () => {
  it('is built from config (feed in the URL, keys in auth and REST headers) and streams trades to clients', async () => {
    fake = await startFakeAlpaca();
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
    server = await startTestServer({}, { source });
    source.subscribe(['NVDA']);
    const client = await connectClient(server.wsUrl);
    client.send({ op: 'subscribe', id: 1, channels: ['trades:NVDA'] });
    await client.waitFor((m) => m.type === 'subscribed');
    await until(() => fake.subscriptions('trades').includes('NVDA'), 'upstream subscribe');
    const t = new Date().toISOString();
    fake.emit([{ T: 't', S: 'NVDA', i: 7, x: 'V', p: 181.25, s: 40, t, c: ['@'], z: 'C' }]);
    fake.sendRaw('[{"T":"t","S":"NVDA"}]');
    fake.emit([{ T: 't', S: 'NVDA', i: 8, x: 'V', p: 181.3, s: 10, t, c: ['@'], z: 'C' }]);
    const updates = await client.waitForCount((m) => m.type === 'update' && m.channel === 'trades:NVDA', 2);
    expect(updates.map((m) => (m as UpdateMessage).data)).toEqual([
      expect.objectContaining({ id: 7, price: 181.25, size: 40 }),
      expect.objectContaining({ id: 8, price: 181.3, size: 10 }),
    ]);
    expect(source.stats().rejectedFrames).toBe(1);
    expect(fake.restRequests.length).toBeGreaterThan(0);
    expect(fake.restRequests.every((r) => r.authorized && r.query['feed'] === 'iex')).toBe(true);
    await client.close();
  });

  it('is disabled with a clear message when no key is set', () => {
    expect(createAlpacaSourceFromConfig(testConfig())).toEqual({ disabled: 'alpaca disabled: set ALPACA_KEY_ID and ALPACA_SECRET_KEY' });
  });
});
