import { findInstrument, type CandleState } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecordingSink } from '../../../test/recording-sink';
import { createBucketRepair } from './gap-repair';

afterEach(() => vi.useRealTimers());

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const bar = (timeMs: number): CandleState => ({ time: timeMs / 1000, open: 1, high: 2, low: 1, close: 2, units: 3 });

describe('bucket repair', () => {
  it('sends the closed buckets at once and a forming one once the watermark closed it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 + 90_000 });
    const sink = createRecordingSink();
    const sent = sink.candleLog;
    const fetched: [Interval, number, number][] = [];
    const repair = createBucketRepair({
      fetch: (_symbol, interval, startMs, endMs) => {
        fetched.push([interval, startMs, endMs]);
        const rows: CandleState[] = [];
        for (let t = startMs; t <= Math.min(endMs, Date.now()); t += 60_000) rows.push(bar(t));
        return Promise.resolve(rows);
      },
      instrument: (symbol) => findInstrument(symbol),
      sink: () => sink,
      intervals: ['1m'],
      latenessMs: 1500,
      settleMs: 1000,
      maxBuckets: 10,
      now: () => Date.now(),
      onError: () => undefined,
    });
    await repair.repair(['BTC-USDT'], T0 + 10_000, T0 + 90_000);
    expect(fetched).toEqual([['1m', T0, T0 + 90_000]]);
    expect(sent.map((c) => c.candle.time * 1000)).toEqual([T0]);
    await vi.advanceTimersByTimeAsync(30_000 + 1500 + 1000 - 1);
    expect(fetched).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetched.at(-1)).toEqual(['1m', T0 + 60_000, T0 + 60_000]);
    expect(sent.map((c) => c.candle.time * 1000)).toEqual([T0, T0 + 60_000]);
    expect(sent.every((c) => c.symbol === 'BTC-USDT' && c.interval === '1m')).toBe(true);
    expect(repair.sent()).toBe(2);
    repair.stop();
  });
});
