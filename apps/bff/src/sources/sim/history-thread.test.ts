import type { CandleUpdate, SubscribedMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../../test/ws-client';
import { startTestServer, type TestServer } from '../../../test/server';
import { INSTRUMENTS } from '@candlewire/market';
import { startHistoryThread } from './history-thread';
import { createSimSource } from './sim-source';

describe('history worker', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM_PRECOMPUTE: 'true', SIM_SEED: 'worker', SIM_TRADES_PER_SEC: '5' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves candle snapshots from the worker, equal to the ones computed on the main thread', async () => {
    const c = await connectClient(server.wsUrl);
    c.send({ op: 'subscribe', id: 1, channels: ['candles:MSFT:1h'] });
    const sub = await c.waitFor<SubscribedMessage>((m) => m.type === 'subscribed', 30_000);
    const snapshot = sub.snapshot as CandleUpdate[];
    expect(snapshot).toHaveLength(500);
    const closed = snapshot.filter((k) => k.closed);
    const first = closed[0]?.time ?? 0;
    const last = closed.at(-1)?.time ?? 0;
    const inline = createSimSource({ seed: 'worker', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 5 });
    const expected = await inline.history('MSFT', '1h', first, (last + 3600) * 1000);
    expect(closed.map((k) => [k.time, k.open, k.high, k.low, k.close])).toEqual(
      expected.map((k) => [k.time, k.open, k.high, k.low, k.close]),
    );
    await c.close();
  });

  it('answers in the worker (not the main-thread fallback) and reports a bad symbol as an error', async () => {
    const thread = startHistoryThread({
      seed: 'worker',
      sessions: 'always',
      emptyBuckets: 'flat',
      tradesPerSec: 5,
      instruments: INSTRUMENTS,
      warm: [],
    });
    const untilMs = Date.UTC(2026, 0, 5, 15);
    const candles = await thread.history({ symbol: 'AAPL', interval: '15m', fromSec: untilMs / 1000 - 86_400, untilMs });
    const inline = await createSimSource({ seed: 'worker', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 5 }).history(
      'AAPL',
      '15m',
      untilMs / 1000 - 86_400,
      untilMs,
    );
    expect(candles).toEqual(inline);
    await expect(thread.history({ symbol: 'NOPE', interval: '1h', fromSec: 0, untilMs })).rejects.toThrow(/unknown symbol NOPE/);
    await thread.warmed;
    await thread.stop();
    expect(await thread.history({ symbol: 'AAPL', interval: '1h', fromSec: 0, untilMs })).toBeNull();
  });
});
