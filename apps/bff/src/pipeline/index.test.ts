import {
  channel,
  subscribedTo,
  updateOf,
  type Candle,
  type Channel,
  type ChannelData,
  type ChannelKind,
  type Trade,
} from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../../test/ws-client';
import { startTestServer, type TestServer } from '../../test/server';

const updates = <K extends ChannelKind>(c: TestClient, name: Channel<K>): ChannelData[K][] =>
  c.messages.filter(updateOf(name)).map((m) => m.data);

/** An aggregation written here, independent of the server's: OHLCV per 1 s bucket of the trades. */
function aggregate(trades: Trade[], seconds: number): Map<number, Candle> {
  const out = new Map<number, Candle>();
  for (const t of trades) {
    const time = Math.floor(t.time / 1000 / seconds) * seconds;
    const c = out.get(time);
    if (c === undefined) out.set(time, { time, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.size });
    else {
      c.high = Math.max(c.high, t.price);
      c.low = Math.min(c.low, t.price);
      c.close = t.price;
      c.volume += t.size;
    }
  }
  return out;
}

const strip = ({ time, open, high, low, close, volume }: Candle): Candle => ({ time, open, high, low, close, volume });

async function restCandles(server: TestServer, symbol: string, interval: string, before?: number, limit = 1000): Promise<Candle[]> {
  const res = await fetch(
    `${server.url}/api/candles?symbol=${symbol}&interval=${interval}&limit=${limit}${before === undefined ? '' : `&before=${before}`}`,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { candles: Candle[] }).candles;
}

describe('pipeline through the gateway', () => {
  let server: TestServer;
  let c: TestClient;
  let subscribedAt = 0;
  const symbol = 'MSFT';
  beforeAll(async () => {
    server = await startTestServer({ SIM_TRADES_PER_SEC: '25', SIM_SEED: 'consistency' });
    c = await connectClient(server.wsUrl);
    c.send({
      op: 'subscribe',
      id: 1,
      channels: [channel.trades(symbol), channel.candles(symbol, '1s'), channel.candles(symbol, '1m'), channel.quote(symbol)],
    });
    await c.waitForCount((m) => m.type === 'subscribed', 4);
    subscribedAt = Date.now();
    // NOTE: 1 s candles closed after the subscription are complete in the trades stream from then on.
    const seconds = updateOf(channel.candles(symbol, '1s'));
    await c.waitForCount((m) => seconds(m) && m.data.closed, 6, 15_000);
  });
  afterAll(async () => {
    await c.close();
    await server.close();
  });

  it('publishes closed 1 s candles equal to an independent aggregation of the trades stream', () => {
    const trades = updates(c, channel.trades(symbol));
    const mine = aggregate(trades, 1);
    const firstFull = Math.floor((trades[0]?.time ?? 0) / 1000) + 1;
    const closed = updates(c, channel.candles(symbol, '1s')).filter((k) => k.closed && k.time >= firstFull);
    expect(closed.length).toBeGreaterThanOrEqual(4);
    for (const k of closed) {
      const expected = mine.get(k.time);
      if (expected === undefined)
        expect(k).toMatchObject({ volume: 0, open: k.close, high: k.close, low: k.close }); // flat: no trade
      else
        expect({ ...strip(k), volume: Number(k.volume.toFixed(6)) }).toEqual({ ...expected, volume: Number(expected.volume.toFixed(6)) });
    }
  });

  it('publishes every bucket closed exactly once, in order, and forming updates at most ~10/s', () => {
    const closed = updates(c, channel.candles(symbol, '1s'))
      .filter((k) => k.closed)
      .map((k) => k.time);
    expect(new Set(closed).size).toBe(closed.length);
    closed.forEach((t, i) => i > 0 && expect(t).toBe((closed[i - 1] ?? 0) + 1));
    const quotes = c.messages.filter(updateOf(channel.quote(symbol))).length;
    const seconds = (Date.now() - subscribedAt) / 1000;
    // 25 trades/s go in; the throttle lets at most one quote per 100 ms (+1 for the leading edge) out.
    expect(quotes).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
    expect(quotes).toBeGreaterThan(seconds * 3);
  });

  it('serves REST candles equal to the closed WebSocket candles for the same buckets', async () => {
    for (const interval of ['1s', '1m'] as const) {
      const name = channel.candles(symbol, interval);
      const ws = updates(c, name).filter((k) => k.closed);
      const snapshot = c.messages.find(subscribedTo(name))?.snapshot ?? [];
      const rest = new Map((await restCandles(server, symbol, interval)).map((k) => [k.time, k]));
      const compared = [...snapshot.filter((k) => k.closed), ...ws];
      expect(compared.length).toBeGreaterThan(3);
      for (const k of compared) if (rest.has(k.time)) expect(rest.get(k.time)).toEqual(strip(k));
      expect(compared.filter((k) => rest.has(k.time)).length).toBeGreaterThan(3);
    }
  });

  it('answers REST with candles strictly before `before`, oldest first, forming one last by default', async () => {
    const all = await restCandles(server, symbol, '1m');
    expect(all.length).toBe(1000);
    all.forEach((k, i) => i > 0 && expect(k.time - (all[i - 1]?.time ?? 0)).toBe(60));
    const now = Math.floor(Date.now() / 1000);
    expect(all.at(-1)?.time).toBe(Math.floor(now / 60) * 60);
    const before = all[500]?.time ?? 0;
    const page = await restCandles(server, symbol, '1m', before);
    expect(page.at(-1)?.time).toBe(before - 60);
    expect(page.slice(-400)).toEqual(all.slice(100, 500));
  });
});

describe('determinism', () => {
  it('gives the same candles for the same seed across two server starts, and others for another seed', async () => {
    const before = Math.floor(Date.now() / 1000 / 3600) * 3600;
    // NOTE: a day bucket that began before `before` may still be forming: stop a day earlier for 1d.
    const dayBefore = Math.floor(Date.now() / 1000 / 86_400) * 86_400 - 86_400;
    const fetchAll = async (seed: string) => {
      const s = await startTestServer({ SIM_SEED: seed });
      try {
        return await Promise.all(
          ['1m', '1h', '1d'].map((i) => restCandles(s, 'AAPL', i, i === '1d' ? dayBefore : before, i === '1d' ? 60 : 1000)),
        );
      } finally {
        await s.close();
      }
    };
    const a = await fetchAll('same');
    const b = await fetchAll('same');
    const other = await fetchAll('different');
    expect(a[0]?.length).toBe(1000);
    expect(b).toEqual(a);
    expect(other[0]).not.toEqual(a[0]);
  });
});
