import type { CandleUpdate, SubscribedMessage } from '@candlewire/protocol';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      cacheDir: null,
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

  it('keeps the precomputed history on disk: the next start adopts it, a file that does not check out is ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'candlewire-history-'));
    const data = {
      seed: 'cache',
      sessions: 'always' as const,
      emptyBuckets: 'flat' as const,
      tradesPerSec: 5,
      instruments: INSTRUMENTS.filter((i) => i.symbol === 'AAPL' || i.symbol === 'BTC-USDT'),
      cacheDir: dir,
      warm: [{ interval: '1h' as const, seconds: 3 * 86_400 }],
    };
    try {
      const first = startHistoryThread(data);
      expect((await first.warmed).restored).toBe(0);
      await first.stop();
      const [name] = readdirSync(dir);
      expect(name).toMatch(/^sim-history-[0-9a-f]{20}\.json$/);

      const second = startHistoryThread(data);
      // Two symbols × at least two complete UTC days of 1h candles.
      expect((await second.warmed).restored).toBeGreaterThanOrEqual(4);
      const dayAgo = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
      const request = { symbol: 'AAPL', interval: '1h' as const, fromSec: dayAgo / 1000, untilMs: dayAgo + 86_400_000 };
      const inline = await createSimSource({ seed: 'cache', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 5 }).history(
        request.symbol,
        request.interval,
        request.fromSec,
        request.untilMs,
      );
      expect(inline).toHaveLength(24);
      expect(await second.history(request)).toEqual(inline);
      await second.stop();

      // A file whose candles differ from what the models compute (another model) is not used.
      const path = join(dir, name ?? '');
      const file = JSON.parse(readFileSync(path, 'utf8')) as { chunks: [string, { close: number }[], number | null][] };
      for (const [, candles] of file.chunks) for (const candle of candles) candle.close += 1;
      writeFileSync(path, JSON.stringify(file));
      const third = startHistoryThread(data);
      expect((await third.warmed).restored).toBe(0);
      expect(await third.history(request)).toEqual(inline);
      await third.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
