import { findInstrument, type Instrument } from '@candlewire/market';
import { describe, expect, it } from 'vitest';
import { createTickTracker } from './ticks';

const aapl = findInstrument('AAPL') as Instrument;
const t0 = Date.UTC(2026, 10, 17, 15, 0, 0); // Tuesday, US regular session

describe('dayVolume → trades', () => {
  it('sets a baseline first, then turns each volume increase into one trade of the difference', () => {
    const tracker = createTickTracker();
    expect(tracker.onTick(aapl, { id: 'AAPL', price: 227.5, time: t0, dayVolume: 1_000_000 }, t0).kind).toBe('baseline');
    const r = tracker.onTick(aapl, { id: 'AAPL', price: 227.53, time: t0 + 500, dayVolume: 1_000_300 }, t0 + 500);
    expect(r).toMatchObject({ kind: 'trade', trade: { symbol: 'AAPL', price: 227.53, size: 300, side: 'buy', time: t0 + 500 } });
    const q = tracker.onTick(aapl, { id: 'AAPL', price: 227.53, time: t0 + 600, dayVolume: 1_000_300, bid: 227.52, ask: 227.54 }, t0 + 600);
    expect(q).toEqual({ kind: 'quote', quote: { symbol: 'AAPL', bid: 227.52, ask: 227.54, time: t0 + 600 } });
    const s = tracker.onTick(aapl, { id: 'AAPL', price: 227.52, time: t0 + 700, dayVolume: 1_000_400 }, t0 + 700);
    expect(s).toMatchObject({ kind: 'trade', trade: { size: 100, side: 'sell', bid: 227.52, ask: 227.54 } });
  });

  it('gives monotonic ids even for ticks with the same time', () => {
    const tracker = createTickTracker();
    tracker.onTick(aapl, { id: 'AAPL', price: 1, time: t0, dayVolume: 0 }, t0);
    const ids = [1, 2, 3].map((i) => {
      const r = tracker.onTick(aapl, { id: 'AAPL', price: 1, time: t0, dayVolume: i * 10 }, t0);
      return r.kind === 'trade' ? r.trade.id : -1;
    });
    expect(ids[0]).toBe(t0 * 1000);
    expect(ids).toEqual([t0 * 1000, t0 * 1000 + 1, t0 * 1000 + 2]);
  });

  it('re-baselines after resetBaselines (gap) and on a volume drop; a new local day starts from 0', () => {
    const tracker = createTickTracker();
    tracker.onTick(aapl, { id: 'AAPL', price: 10, time: t0, dayVolume: 500 }, t0);
    tracker.resetBaselines();
    expect(tracker.onTick(aapl, { id: 'AAPL', price: 10, time: t0 + 1, dayVolume: 9_000 }, t0).kind).toBe('baseline');
    expect(tracker.onTick(aapl, { id: 'AAPL', price: 10, time: t0 + 2, dayVolume: 100 }, t0).kind).toBe('baseline');
    const nextDay = t0 + 86_400_000;
    expect(tracker.onTick(aapl, { id: 'AAPL', price: 10, time: nextDay, dayVolume: 700 }, nextDay)).toMatchObject({
      kind: 'trade',
      trade: { size: 700 },
    });
  });

  it('cleans float32 prices with priceHint and rejects ticks without a price', () => {
    const tracker = createTickTracker();
    tracker.onTick(aapl, { id: 'AAPL', price: Math.fround(600.93), time: t0, dayVolume: 1 }, t0);
    const r = tracker.onTick(aapl, { id: 'AAPL', price: Math.fround(600.93), priceHint: 2, time: t0, dayVolume: 2 }, t0);
    expect(r).toMatchObject({ kind: 'trade', trade: { price: 600.93 } });
    expect(tracker.onTick(aapl, { id: 'AAPL', time: t0, dayVolume: 3 }, t0).kind).toBe('invalid');
    expect(tracker.onTick(aapl, { id: 'AAPL', price: Number.NaN, time: t0 }, t0).kind).toBe('invalid');
  });
});
