import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from './server';

/** Property tests of REST query parsing through a real BFF: any query is answered 200, 400 or 404 with the contract's body; never 500. */
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const candlesBody = z.object({ candles: z.array(z.object({ time: z.number() })) });
const HISTORY_START = Date.UTC(2020, 0, 1) / 1000;

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('AAPL', 'BTC-USDT', 'aapl', '1m', '1d', '7m', '-1', '0', '1', '1e3', '', '%00'),
);
const param = (name: string) =>
  fc.option(
    value.map((v) => `${name}=${encodeURIComponent(v)}`),
    { nil: undefined },
  );

describe('REST query parsing (properties)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM_TRADES_PER_SEC: '1' });
  });
  afterAll(() => server.close());

  it('/api/candles: any query gets 200 with candles inside before/limit/history, or 400/404 with an error body', async () => {
    const query = fc.tuple(param('symbol'), param('interval'), param('before'), param('limit'));
    await fc.assert(
      fc.asyncProperty(query, async (parts) => {
        const qs = parts.filter((p) => p !== undefined).join('&');
        const res = await fetch(`${server.url}/api/candles?${qs}`);
        const body: unknown = await res.json();
        expect([200, 400, 404]).toContain(res.status);
        if (res.status !== 200) return void errorBody.parse(body);
        const params = new URLSearchParams(qs);
        const { candles } = candlesBody.parse(body);
        const limit = Number(params.get('limit') ?? 500);
        expect(candles.length).toBeLessThanOrEqual(limit);
        const before = params.get('before');
        for (const c of candles) {
          expect(c.time).toBeGreaterThanOrEqual(HISTORY_START);
          if (before !== null) expect(c.time).toBeLessThan(Number(before));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('/api/symbols: any q and market get 200 or 400', async () => {
    await fc.assert(
      fc.asyncProperty(param('q'), param('market'), async (q, market) => {
        const res = await fetch(`${server.url}/api/symbols?${[q, market].filter(Boolean).join('&')}`);
        expect([200, 400]).toContain(res.status);
        const body: unknown = await res.json();
        if (res.status === 400) errorBody.parse(body);
        else z.object({ symbols: z.array(z.object({ symbol: z.string() })) }).parse(body);
      }),
      { numRuns: 150 },
    );
  });
});
