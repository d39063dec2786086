import { describe, expect, it } from 'vitest';
import type { CandleUpdate } from './data';
import { channel } from './channels';
import { createSnapshotReducer } from './snapshot';

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
});
