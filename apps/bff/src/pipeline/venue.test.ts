import { INSTRUMENTS } from '@candlewire/market';
import { channel, subscribedTo, updateOf, type Candle } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeSource, type FakeSource } from '../../test/fakes/fake-source';
import { startTestServer, type TestServer } from '../../test/server';
import { connectClient, type TestClient } from '../../test/ws-client';
import type { SourceStatus } from '../sources/router';

const symbol = 'ETH-USDT';
const START = Date.UTC(2026, 11, 2, 15, 0, 5); // a Wednesday, 5 s into a minute
const minuteNow = (): number => Math.floor(Date.now() / 60_000) * 60;
const minutes = channel.candles(symbol, '1m');
const quotes = channel.quote(symbol);

async function restCandles(server: TestServer, interval: string): Promise<Candle[]> {
  const res = await fetch(`${server.url}/api/candles?symbol=${symbol}&interval=${interval}&limit=20`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { candles: Candle[] }).candles;
}

describe('pipeline over an on-demand venue source', () => {
  let server: TestServer;
  let venue: FakeSource;
  let c: TestClient;
  beforeAll(async () => {
    // NOTE: Date starts 5 s into a minute and runs on from there (timers stay real), so "the
    // current minute" holds for the whole test, whenever it runs.
    vi.useFakeTimers({ toFake: ['Date'], now: START, shouldAdvanceTime: true });
    venue = createFakeSource({ id: 'venue', instruments: INSTRUMENTS.filter((i) => i.market === 'CRYPTO') });
    server = await startTestServer({ FLUSH_MS: '0' }, { source: venue });
    c = await connectClient(server.wsUrl);
    c.send({ op: 'subscribe', id: 1, channels: [minutes, quotes] });
    await c.waitForCount((m) => m.type === 'subscribed', 2);
    venue.sink().watermark(Date.now());
  });
  afterAll(async () => {
    await c.close();
    await server.close();
    vi.useRealTimers();
  });

  it('seeds the symbol from the venue history on first interest', () => {
    const snapshot = c.messages.find(subscribedTo(minutes))?.snapshot ?? [];
    expect(snapshot.at(-1)).toMatchObject({ time: minuteNow(), close: 100, closed: false });
    expect(snapshot.at(-2)).toMatchObject({ time: minuteNow() - 60, close: 100, closed: true });
    expect(venue.calls).toEqual([{ op: 'subscribe', symbols: [symbol] }]);
  });

  it('carries a venue revision of a closed bucket to the client, the REST candles and a new snapshot', async () => {
    const time = minuteNow() - 120;
    const revised = { time, open: 100, high: 105, low: 99.5, close: 102, volume: 7.25 };
    venue.sink().candles([{ symbol, interval: '1m', candle: revised }]);
    const update = await c.waitFor(updateOf(minutes, (d) => d.time === time));
    expect(update.data).toEqual({ ...revised, closed: true });
    const rest = await restCandles(server, '1m');
    expect(rest.find((k) => k.time === time)).toEqual(revised);
    expect(rest.find((k) => k.time === time - 60)).toMatchObject({ close: 100 });
    const other = await connectClient(server.wsUrl);
    other.send({ op: 'subscribe', id: 1, channels: [minutes] });
    const reply = await other.waitFor(subscribedTo(minutes));
    expect(reply.snapshot?.find((k) => k.time === time)).toEqual({ ...revised, closed: true });
    await other.close();
  });

  it('replaces the forming bucket with a venue candle and keeps aggregating trades on top', async () => {
    const time = minuteNow();
    venue.sink().candles([{ symbol, interval: '1m', candle: { time, open: 100, high: 103, low: 98, close: 101, volume: 2 } }]);
    await c.waitFor(updateOf(minutes, (d) => d.time === time && d.close === 101 && d.high === 103));
    venue.sink().trades([{ symbol, id: 7, price: 104, size: 0.5, side: 'buy', time: Date.now(), bid: 103.9, ask: 104.1 }]);
    const update = await c.waitFor(updateOf(minutes, (d) => d.close === 104));
    expect(update.data).toEqual({ time, open: 100, high: 104, low: 98, close: 104, volume: 2.5, closed: false });
    const rest = await restCandles(server, '1m');
    expect(rest.at(-1)).toEqual({ time, open: 100, high: 104, low: 98, close: 104, volume: 2.5 });
  });

  it('counts malformed venue candles and candles for unknown symbols, and keeps streaming', async () => {
    const time = minuteNow() - 60;
    venue.sink().candles([
      { symbol, interval: '1m', candle: { time, open: 100, high: 90, low: 99, close: 100, volume: 1 } },
      { symbol, interval: '1m', candle: { time: time + 1, open: 100, high: 100, low: 100, close: 100, volume: 1 } },
      { symbol: 'NOPE-USDT', interval: '1m', candle: { time, open: 1, high: 1, low: 1, close: 1, volume: 1 } },
    ]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^candlewire_rejected_candles_total 3$/m);
    expect(metrics).toMatch(/^candlewire_source_subscribed_symbols\{source="venue"\} 1$/m);
    const high90 = [updateOf(minutes, (d) => d.high === 90), updateOf(quotes, (d) => d.high === 90)];
    expect(c.messages.some((m) => high90.some((is) => is(m)))).toBe(false);
    venue.sink().trades([{ symbol, id: 8, price: 104.5, size: 0.1, side: 'sell', time: Date.now(), bid: 104.4, ask: 104.6 }]);
    await c.waitFor(updateOf(minutes, (d) => d.close === 104.5));
  });

  it('shows a stale symbol in quote.state and /api/status, and live again when it recovers', async () => {
    venue.sink().symbolState(symbol, 'stale');
    await c.waitFor(updateOf(quotes, (d) => d.state === 'stale'));
    const status = (await (await fetch(`${server.url}/api/status`)).json()) as { sources: SourceStatus[] };
    expect(status.sources).toEqual([
      { id: 'venue', state: 'live', lastMessageAt: expect.any(Number) as number, symbols: { [symbol]: 'stale' } },
    ]);
    venue.sink().symbolState(symbol, 'live');
    await c.waitFor(updateOf(quotes, (d) => d.state === 'live' && d.price === 104.5));
    const after = (await (await fetch(`${server.url}/api/status`)).json()) as { sources: SourceStatus[] };
    expect(after.sources[0]?.symbols).toEqual({});
  });
});
