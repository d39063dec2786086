import { describe, expect, it } from 'vitest';
import type { CandleUpdate } from './data';
import { channel } from './channels';
import { createSnapshotReducer, SNAPSHOT_LIMITS } from './snapshot';

const candle = (time: number, close: number, closed = true): CandleUpdate => ({
  time,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
  closed,
});

describe('candles snapshot reducer', () => {
  it('replaces a held older candle with its revision and keeps the order', () => {
    const r = createSnapshotReducer(channel.candles('AAPL', '1m'));
    r.seed([candle(0, 1), candle(60, 2), candle(120, 3)]);
    r.apply(candle(180, 4, false));
    r.apply(candle(60, 2.5));
    expect(r.value().map((c) => [c.time, c.close])).toEqual([
      [0, 1],
      [60, 2.5],
      [120, 3],
      [180, 4],
    ]);
  });

  it('drops an older update for a bucket it does not hold, and an older forming state', () => {
    const r = createSnapshotReducer(channel.candles('AAPL', '1m'));
    r.seed([candle(60, 2), candle(180, 3)]);
    r.apply(candle(120, 9));
    r.apply(candle(60, 9, false));
    expect(r.value().map((c) => [c.time, c.close])).toEqual([
      [60, 2],
      [180, 3],
    ]);
  });

  it('keeps the latest 500 candles however many come (a 1s channel: 3 hours of buckets)', () => {
    const r = createSnapshotReducer(channel.candles('AAPL', '1s'));
    for (let t = 0; t < 10_800; t++) {
      r.apply(candle(t, t, false));
      r.apply(candle(t, t + 0.5));
    }
    const held = r.value();
    expect(held).toHaveLength(SNAPSHOT_LIMITS.candles);
    expect(held[0]?.time).toBe(10_800 - SNAPSHOT_LIMITS.candles);
    expect(held.at(-1)).toEqual(candle(10_799, 10_799.5));
    r.apply(candle(10_800 - SNAPSHOT_LIMITS.candles, 1));
    r.apply(candle(10_799 - SNAPSHOT_LIMITS.candles, 1));
    expect(r.value()[0]).toEqual(candle(10_800 - SNAPSHOT_LIMITS.candles, 1));
    expect(r.value()).toHaveLength(SNAPSHOT_LIMITS.candles);
  });
});

describe('recent-items snapshot reducer', () => {
  it('keeps the latest 50 trades in order', () => {
    const r = createSnapshotReducer(channel.trades('AAPL'));
    for (let i = 0; i < 1000; i++) r.apply({ id: i, price: i, size: 1, side: 'buy', time: i });
    expect(r.value().map((t) => t.time)).toEqual(Array.from({ length: SNAPSHOT_LIMITS.trades }, (_, k) => 950 + k));
  });
});
