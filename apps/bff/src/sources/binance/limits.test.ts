import { describe, expect, it } from 'vitest';
import { createBinanceInstruments } from './symbols';
import { useBinanceTestbed, useVenueFakeTimers, waitUntil } from '../../../test/binance-testbed';

const testbed = useBinanceTestbed();

const SYMBOLS = Array.from({ length: 600 }, (_, i) => `C${i}-USDT`);

describe('binance source: venue limits', () => {
  it('splits > 1024 streams across connections and paces every frame, resubscribes included', async () => {
    useVenueFakeTimers();
    const { fake, source } = await testbed.start({
      instruments: createBinanceInstruments(SYMBOLS, 'only'),
      streamsPerMessage: 100,
      backoff: { baseMs: 100, capMs: 100 },
    });
    source.subscribe(SYMBOLS.slice(0, 300));
    source.subscribe(SYMBOLS.slice(300)); // same tick: merged with the first call
    await waitUntil(() => fake.open().length === 2);
    // Pings crowd the bucket: each pong counts against the 5 messages/s too.
    for (const conn of fake.open()) for (let i = 0; i < 3; i++) fake.ping(conn, `p${i}`);
    await waitUntil(() => fake.open().reduce((n, c) => n + c.streams.size, 0) === 1200, { stepMs: 50, timeoutMs: 20_000 });
    const [a, b] = fake.open();
    if (a === undefined || b === undefined) throw new Error('expected two connections');
    expect([a.streams.size, b.streams.size]).toEqual([1024, 176]);
    expect(a.requests.every((r) => r.method === 'SUBSCRIBE' && r.params.length <= 100)).toBe(true);
    expect(a.requests).toHaveLength(11);
    await waitUntil(() => fake.open().every((c) => c.received.filter((r) => r.kind === 'pong').length === 3), { stepMs: 50 });

    // Both connections drop at once: every stream is resubscribed, still paced.
    for (const conn of fake.open()) fake.drop(conn);
    await waitUntil(() => fake.connections.length === 4 && fake.open().reduce((n, c) => n + c.streams.size, 0) === 1200, {
      stepMs: 50,
      timeoutMs: 20_000,
    });
    for (const conn of fake.open()) for (let i = 0; i < 2; i++) fake.ping(conn, `q${i}`);
    await waitUntil(() => fake.open().every((c) => c.received.filter((r) => r.kind === 'pong').length === 2), { stepMs: 50 });

    for (const conn of fake.connections) expect(fake.maxPerWindow(conn, 1000)).toBeLessThanOrEqual(5);
    expect(fake.violations).toEqual([]);
    expect(source.stats()).toMatchObject({ connects: 4, openConnections: 2, requestErrors: 0 });

    // Growing past a connection's capacity after the fact opens another one; leaving frees it.
    source.unsubscribe(SYMBOLS.slice(512));
    await waitUntil(() => fake.open().length === 1, { stepMs: 50 });
    expect(fake.open()[0]?.streams.size).toBe(1024);
  });
});
