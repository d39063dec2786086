import { describe, expect, it } from 'vitest';
import type { FakeBinance } from '../../../test/fakes/fake-binance';
import { useBinanceTestbed, waitUntil } from '../../../test/binance-testbed';

const testbed = useBinanceTestbed();
let fake: FakeBinance;

async function setup() {
  const started = await testbed.start({ messagesPerSec: 5 });
  fake = started.fake;
  return started;
}

describe('binance source: subscribe, frames, unsubscribe', () => {
  it('subscribes incrementally, maps trades and book tickers, unsubscribes', async () => {
    const { sink, source } = await setup();
    expect(source.instruments().map((i) => i.symbol)).toContain('BTC-USDT');
    source.subscribe(['BTC-USDT']);
    await waitUntil(() => fake.open()[0]?.streams.size === 2);
    const conn = fake.open()[0];
    if (conn === undefined) throw new Error('no connection');
    expect(conn.requests[0]).toMatchObject({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@bookTicker'] });

    source.subscribe(['ETH-USDT', 'BTC-USDT', 'NOPE-USDT']);
    await waitUntil(() => conn.streams.size === 4);
    expect(conn.requests[1]).toMatchObject({ method: 'SUBSCRIBE', params: ['ethusdt@trade', 'ethusdt@bookTicker'] });
    expect(new Set(conn.requests.map((r) => r.id)).size).toBe(conn.requests.length);

    fake.bookTicker('BTC-USDT', 10, 99.5, 100.5);
    fake.trade('BTC-USDT', { id: 7, price: 100, qty: 0.25, time: 1_700_000_000_000, buyerMaker: true });
    fake.trade('ETH-USDT', { id: 3, price: 5, qty: 2, time: 1_700_000_000_001, buyerMaker: false });
    await waitUntil(() => sink.tradeLog.length === 2);
    expect(sink.quoteLog).toEqual([expect.objectContaining({ symbol: 'BTC-USDT', bid: 99.5, ask: 100.5 })]);
    expect(sink.tradeLog).toEqual([
      { symbol: 'BTC-USDT', id: 7, price: 100, size: 0.25, side: 'sell', time: 1_700_000_000_000, bid: 99.5, ask: 100.5 },
      { symbol: 'ETH-USDT', id: 3, price: 5, size: 2, side: 'buy', time: 1_700_000_000_001, bid: 5, ask: 5 },
    ]);
    expect(sink.stateLog).toEqual([
      { symbol: 'BTC-USDT', state: 'live' },
      { symbol: 'ETH-USDT', state: 'live' },
    ]);
    expect(source.health().state).toBe('live');

    source.unsubscribe(['BTC-USDT']);
    await waitUntil(() => conn.streams.size === 2);
    expect(conn.requests.at(-1)).toMatchObject({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@bookTicker'] });
    source.unsubscribe(['ETH-USDT']);
    await waitUntil(() => fake.open().length === 0);
    expect(fake.connections).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('rejects malformed frames, counts them and keeps the connection', async () => {
    const { sink, source } = await setup();
    source.subscribe(['BTC-USDT']);
    await waitUntil(() => fake.open()[0]?.streams.size === 2);
    const conn = fake.open()[0];
    if (conn === undefined) throw new Error('no connection');
    const bad = [
      'not json',
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: 1, s: 'BTCUSDT', t: 1, p: 'abc', q: '1', T: 1, m: true } }),
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: 1, s: 'ETHUSDT', t: 1, p: '1', q: '1', T: 1, m: true } }),
      JSON.stringify({ stream: 'btcusdt@depth', data: {} }),
      JSON.stringify({ stream: 'btcusdt@bookTicker', data: { u: -1 } }),
      JSON.stringify([1, 2, 3]),
    ];
    for (const text of bad) fake.sendRaw(conn, text);
    fake.trade('BTC-USDT', { id: 1, price: 1, qty: 1, time: 1 });
    await waitUntil(() => sink.tradeLog.length === 1);
    expect(source.stats()).toMatchObject({ rejectedFrames: bad.length, connects: 1, openConnections: 1 });
    expect(fake.open()).toEqual([conn]);
    expect(sink.tradeLog.map((t) => t.id)).toEqual([1]);
  });

  it('answers ping frames with the same payload', async () => {
    const { source } = await setup();
    source.subscribe(['SOL-USDT']);
    await waitUntil(() => fake.open()[0]?.streams.size === 2);
    const conn = fake.open()[0];
    if (conn === undefined) throw new Error('no connection');
    fake.ping(conn, 'ping-42');
    await waitUntil(() => conn.received.some((r) => r.kind === 'pong'));
    expect(conn.received.filter((r) => r.kind === 'pong').map((r) => r.text)).toEqual(['ping-42']);
  });
});
