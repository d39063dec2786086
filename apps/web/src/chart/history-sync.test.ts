import type { Candle } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { CandleStore } from './candle-store';
import { HistorySync } from './history-sync';

const c = (time: number, close = 10): Candle => ({ time, open: 10, high: 10, low: 10, close, volume: 1 });
/** The server's truth: every second from 0 to 99 with close = time. */
const server = Array.from({ length: 100 }, (_, t) => c(t, t));

function setup() {
  const store = new CandleStore();
  const calls: [number, number][] = [];
  let repaints = 0;
  const sync = new HistorySync({ store, repaint: () => void repaints++ }, (_s, _i, before, limit) => {
    calls.push([before, limit]);
    return Promise.resolve(server.filter((x) => x.time < before).slice(-limit));
  });
  sync.reset('BTC-USDT', '1s');
  return { store, sync, calls, repaints: () => repaints };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('HistorySync', () => {
  it('fills a hole in the live stream and re-reads the last held bucket', async () => {
    const { store, sync, calls } = setup();
    store.mergeHistory([c(8, 8), c(9, 999)]); // 9 was forming when the stream broke
    sync.beforeUpdate(c(12, 12));
    store.upsert(c(12, 12));
    await settle();
    expect(calls).toEqual([[12, 4]]);
    expect(store.candles.map((x) => [x.time, x.close])).toEqual([
      [8, 8],
      [9, 9],
      [10, 10],
      [11, 11],
      [12, 12],
    ]);
  });

  it('repairs the seam after an empty reset snapshot even without a hole', async () => {
    const { store, sync, calls } = setup();
    store.mergeHistory([c(9, 999)]);
    sync.afterReset(undefined, false);
    sync.beforeUpdate(c(10, 10));
    await settle();
    expect(calls).toEqual([[10, 2]]);
    expect(store.candles[0]?.close).toBe(9);
  });

  it('drops results that arrive after the session changed', async () => {
    const { store, sync, repaints } = setup();
    store.mergeHistory([c(50)]);
    const pending = sync.loadOlder();
    sync.reset('AAPL', '1m');
    await pending;
    expect(store.candles).toHaveLength(1);
    expect(repaints()).toBe(0);
  });

  it('prepends older pages until the server has none', async () => {
    const { store, sync } = setup();
    store.mergeHistory([c(99, 99)]);
    await sync.loadOlder();
    expect(store.candles).toHaveLength(100);
    await sync.loadOlder();
    expect(store.candles).toHaveLength(100);
  });
});
