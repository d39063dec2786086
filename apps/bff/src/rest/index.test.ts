import { CALENDARS, statusAt, type MarketId } from '@candlewire/market';
import { channel, subscribedTo } from '@candlewire/protocol';
import { hc } from 'hono/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppType } from '../app-type';
import { startTestServer, type TestServer } from '../../test/server';
import { connectClient } from '../../test/ws-client';

describe('REST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('lists and searches symbols through the typed client', async () => {
    const client = hc<AppType>(server.url);
    const search = async (query: { q?: string; market?: 'US' | 'CN' | 'HK' | 'CRYPTO' }) => {
      const res = await client.api.symbols.$get({ query });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return res.json();
    };
    const all = await search({});
    expect(all.symbols.length).toBeGreaterThanOrEqual(40);
    expect(new Set(all.symbols.map((s) => s.market))).toEqual(new Set(['US', 'CN', 'HK', 'CRYPTO']));
    expect(all.symbols.find((s) => s.symbol === '600000.SH')).toMatchObject({ market: 'CN', currency: 'CNY', timezone: 'Asia/Shanghai' });
    const found = await search({ q: 'nvd' });
    expect(found.symbols[0]?.symbol).toBe('NVDA');
    const hk = await search({ market: 'HK' });
    expect(hk.symbols.every((s) => s.market === 'HK' && s.timezone === 'Asia/Hong_Kong')).toBe(true);
  });

  it('answers bad parameters with 400 and the contract body', async () => {
    for (const path of [
      '/api/candles?symbol=AAPL&interval=2m',
      '/api/candles?symbol=aapl&interval=1m',
      '/api/candles?interval=1m',
      '/api/candles?symbol=AAPL&interval=1m&limit=0',
      '/api/candles?symbol=AAPL&interval=1m&limit=5000',
      '/api/candles?symbol=AAPL&interval=1m&before=yesterday',
      '/api/symbols?market=MARS',
    ]) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body, path).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.any(String) as string } });
    }
  });

  it('answers an unknown symbol with 404 and unknown routes with 404', async () => {
    expect(await get('/api/candles?symbol=ZZZZ&interval=1m')).toEqual({
      status: 404,
      body: { error: { code: 'UNKNOWN_SYMBOL', message: 'No instrument ZZZZ' } },
    });
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it('reports status, health and readiness', async () => {
    const { body } = await get('/api/status');
    expect(body).toMatchObject({ status: 'ok', connections: 0, sources: [{ id: 'sim', state: 'live' }] });
    expect(body['markets']).toHaveLength(4);
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await get('/readyz')).status).toBe(200);
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of [
      'candlewire_connections',
      'candlewire_subscriptions',
      'candlewire_messages_sent_total',
      'candlewire_bytes_sent_total',
      'candlewire_send_latency_seconds_bucket',
      'candlewire_errors_total',
      'candlewire_rejected_trades_total 0',
      'candlewire_source_state{source="sim",state="live"} 1',
    ]) {
      expect(text).toContain(name);
    }
  });
});

describe('SIM_SESSIONS=real', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  // NOTE: Date starts at the instant (timers stay real), so both branches run at any hour.
  it.each([
    { at: Date.UTC(2026, 11, 2, 16, 0), us: 'open' }, // Wed 11:00 New York
    { at: Date.UTC(2026, 11, 5, 16, 0), us: 'closed' }, // Saturday
  ])('reports market statuses from the calendars and quotes as closed while their market is (US $us)', async ({ at, us: expected }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: at, shouldAdvanceTime: true });
    expect(statusAt(CALENDARS.US, Date.now())).toBe(expected);
    const server = await startTestServer({ SIM_SESSIONS: 'real' });
    try {
      const before = Date.now();
      const status = (await (await fetch(`${server.url}/api/status`)).json()) as {
        markets: { id: MarketId; status: string; nextChange: number | null }[];
      };
      for (const m of status.markets) {
        const cal = CALENDARS[m.id];
        // NOTE: a status may change between the two reads; then either value is right.
        expect([statusAt(cal, before), statusAt(cal, Date.now())]).toContain(m.status);
        if (cal.alwaysOpen) expect(m.nextChange).toBeNull();
        else expect(m.nextChange).toBeGreaterThan(before);
      }
      const c = await connectClient(server.wsUrl);
      const [aapl, btc] = [channel.quote('AAPL'), channel.quote('BTC-USDT')];
      c.send({ op: 'subscribe', id: 1, channels: [aapl, btc] });
      const subs = await c.waitForCount((m) => m.type === 'subscribed', 2);
      const us = statusAt(CALENDARS.US, Date.now());
      expect(subs.find(subscribedTo(aapl))?.snapshot?.state).toBe(us === 'closed' ? 'closed' : 'live');
      expect(subs.find(subscribedTo(btc))?.snapshot?.state).toBe('live');
      await c.close();
    } finally {
      await server.close();
    }
  });
});
