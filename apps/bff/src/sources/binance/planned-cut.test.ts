import { describe, expect, it } from 'vitest';
import type { RecordingSink } from '../../../test/recording-sink';
import type { FakeBinance, FakeConnection } from '../../../test/fakes/fake-binance';
import { advance, useBinanceTestbed, useVenueFakeTimers, waitUntil } from '../../../test/binance-testbed';

const testbed = useBinanceTestbed();
let fake: FakeBinance;

const HOUR = 3_600_000;
let nextId = { 'BTC-USDT': 1000, 'ETH-USDT': 5000 };

/** Emits one trade per symbol with the next id, to `to` (default: every subscribed connection). */
function emitRound(to?: readonly FakeConnection[]): void {
  for (const symbol of ['BTC-USDT', 'ETH-USDT'] as const) {
    fake.trade(symbol, { id: nextId[symbol]++, price: 100, qty: 0.5, time: Date.now() }, to);
  }
}

function idsOf(sink: RecordingSink, symbol: string): number[] {
  return sink.tradeLog.filter((t) => t.symbol === symbol).map((t) => t.id);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

async function setup() {
  useVenueFakeTimers();
  nextId = { 'BTC-USDT': 1000, 'ETH-USDT': 5000 };
  const started = await testbed.start({ watermarkMs: 60_000, staleMs: 48 * HOUR, cutOverlapMs: 2000 });
  const { sink, source } = started;
  fake = started.fake;
  source.subscribe(['BTC-USDT', 'ETH-USDT']);
  await waitUntil(() => fake.open()[0]?.streams.size === 4, { stepMs: 10 });
  const first = fake.open()[0];
  if (first === undefined) throw new Error('no connection');
  return { sink, source, first };
}

describe('binance source: 24 h cut and serverShutdown', () => {
  it('replaces the connection at 23 h 30 m with an overlap: zero lost, zero doubled trades', async () => {
    const { sink, source, first } = await setup();
    for (let i = 0; i < 5; i++) emitRound();
    await advance(23.5 * HOUR - 1000, HOUR);
    expect(fake.connections).toHaveLength(1);
    await advance(1000);
    await waitUntil(() => fake.open().length === 2 && fake.open()[1]?.streams.size === 4, { stepMs: 10 });
    const second = fake.open()[1];
    if (second === undefined) throw new Error('no replacement');
    // Overlap: the venue sends the same trades on both connections...
    for (let i = 0; i < 5; i++) emitRound();
    // ...and some the old connection never delivers (in flight when it closes).
    for (let i = 0; i < 3; i++) emitRound([second]);
    await waitUntil(() => idsOf(sink, 'BTC-USDT').length >= 10);
    await advance(2000, 100);
    await waitUntil(() => first.closedAt !== null);
    for (let i = 0; i < 4; i++) emitRound();
    await waitUntil(() => idsOf(sink, 'ETH-USDT').length === 17);
    expect(idsOf(sink, 'BTC-USDT')).toEqual(range(1000, 1017));
    expect(idsOf(sink, 'ETH-USDT')).toEqual(range(5000, 5017));
    expect(source.stats()).toMatchObject({ duplicateTrades: 10, openConnections: 1, connects: 2 });
    expect(sink.candleLog).toEqual([]); // planned: no gap, nothing to repair
    expect(fake.open()).toEqual([second]);
    // The replacement is itself replaced 23 h 30 m after it opened.
    await advance(23.5 * HOUR, HOUR);
    await waitUntil(() => fake.connections.length === 3 && fake.open().length === 1, { stepMs: 500 });
    expect(fake.violations).toEqual([]);
  });

  it('opens the replacement on serverShutdown before the old connection closes', async () => {
    const { sink, source, first } = await setup();
    emitRound();
    fake.shutdown(first);
    await waitUntil(() => fake.open().length === 2 && fake.open()[1]?.streams.size === 4, { stepMs: 10 });
    const second = fake.open()[1];
    if (second === undefined) throw new Error('no replacement');
    emitRound();
    emitRound([second]);
    // The venue cuts the old connection itself before our overlap ends: the replacement takes over.
    fake.drop(first);
    await waitUntil(() => idsOf(sink, 'BTC-USDT').length === 3);
    emitRound();
    await waitUntil(() => idsOf(sink, 'ETH-USDT').length === 4);
    expect(idsOf(sink, 'BTC-USDT')).toEqual(range(1000, 1004));
    expect(idsOf(sink, 'ETH-USDT')).toEqual(range(5000, 5004));
    expect(source.health().state).toBe('live');
    expect(sink.stateLog.some((s) => s.state === 'down')).toBe(false);
    expect(source.stats().connects).toBe(2);
  });
});
