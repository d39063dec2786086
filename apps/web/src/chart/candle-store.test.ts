import { describe, expect, it } from 'vitest';
import { CandleStore } from './candle-store';

const c = (time: number, close = 10, volume = 1) => ({
  time,
  open: 10,
  high: Math.max(10, close),
  low: Math.min(10, close),
  close,
  volume,
});

describe('CandleStore', () => {
  it('appends, replaces the last bucket and inserts older corrections in order', () => {
    const s = new CandleStore();
    expect(s.upsert(c(60))).toBe('append');
    expect(s.upsert(c(120))).toBe('append');
    expect(s.upsert(c(120, 11))).toBe('last');
    expect(s.upsert(c(60, 9))).toBe('older');
    expect(s.upsert(c(0, 8))).toBe('older');
    expect(s.candles.map((x) => [x.time, x.close])).toEqual([
      [0, 8],
      [60, 9],
      [120, 11],
    ]);
  });

  it('lets live data win over REST history and fills only missing buckets', () => {
    const s = new CandleStore();
    s.upsert(c(120, 12));
    expect(s.mergeHistory([c(0), c(60), c(120, 99)])).toBe(2);
    expect(s.candles.map((x) => [x.time, x.close])).toEqual([
      [0, 10],
      [60, 10],
      [120, 12],
    ]);
  });

  it('replaces everything from the snapshot start on a (reset) snapshot', () => {
    const s = new CandleStore();
    s.mergeHistory([c(0), c(60), c(120), c(180, 1)]);
    s.replaceFrom([c(120, 5), c(180, 6)]);
    expect(s.candles.map((x) => [x.time, x.close])).toEqual([
      [0, 10],
      [60, 10],
      [120, 5],
      [180, 6],
    ]);
    s.replaceFrom([c(60, 7)]);
    expect(s.candles.map((x) => x.time)).toEqual([0, 60]);
  });

  it('replaces a range for gap fills, keeping what lies outside', () => {
    const s = new CandleStore();
    s.mergeHistory([c(0), c(60), c(300, 3)]);
    s.replaceRange([c(60, 2), c(120, 2), c(180, 2)]);
    expect(s.candles.map((x) => [x.time, x.close])).toEqual([
      [0, 10],
      [60, 2],
      [120, 2],
      [180, 2],
      [300, 3],
    ]);
  });

  it('drops unknown fields, de-duplicates and returns copies', () => {
    const s = new CandleStore();
    s.replaceFrom([{ ...c(60), closed: true } as ReturnType<typeof c>, c(0), c(60, 4)]);
    const copy = s.snapshot();
    expect(copy).toEqual([c(0), c(60, 4)]);
    copy[0]!.close = 999;
    expect(s.candles[0]?.close).toBe(10);
  });

  it('trims the oldest candles beyond the cap', () => {
    const s = new CandleStore();
    s.mergeHistory([c(0), c(1), c(2), c(3)]);
    expect(s.trim(2)).toBe(2);
    expect(s.candles.map((x) => x.time)).toEqual([2, 3]);
  });
});
