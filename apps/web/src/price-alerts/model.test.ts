import { describe, expect, it } from 'vitest';
import { conditionFor, firedBy, fires, sanitizeAlerts, snapToTick, type PriceAlert } from './model';

const alert = (over: Partial<PriceAlert>): PriceAlert => ({
  id: 'a',
  symbol: 'AAPL',
  condition: 'crossing',
  price: 100,
  note: '',
  createdAt: 0,
  refPrice: null,
  triggered: null,
  ...over,
});

describe('price alert evaluation', () => {
  it('above and below fire whenever the price is at or past the level', () => {
    expect(fires({ condition: 'above', price: 100 }, null, 100)).toBe(true);
    expect(fires({ condition: 'above', price: 100 }, 101, 99.99)).toBe(false);
    expect(fires({ condition: 'below', price: 100 }, null, 100)).toBe(true);
    expect(fires({ condition: 'below', price: 100 }, 99, 100.01)).toBe(false);
  });

  it('crossing fires on a move through or onto the level, from either side, never without a previous price', () => {
    const a = { condition: 'crossing' as const, price: 100 };
    expect(fires(a, 99.5, 100)).toBe(true);
    expect(fires(a, 99.5, 101)).toBe(true);
    expect(fires(a, 100.5, 99)).toBe(true);
    expect(fires(a, 99, 99.9)).toBe(false);
    expect(fires(a, 101, 100.1)).toBe(false);
    expect(fires(a, 100, 101)).toBe(false); // starting on the level is no cross
    expect(fires(a, null, 101)).toBe(false);
  });

  it('firedBy: only armed alerts of the symbol; refPrice stands in for the first previous price', () => {
    const alerts = [
      alert({ id: 'x', refPrice: 99 }),
      alert({ id: 'armed-later', refPrice: null }),
      alert({ id: 'done', refPrice: 99, triggered: { at: 1, price: 100 } }),
      alert({ id: 'other', symbol: 'MSFT', refPrice: 99 }),
      alert({ id: 'up', condition: 'above', price: 150 }),
    ];
    expect(firedBy(alerts, 'AAPL', null, 100.5).map((a) => a.id)).toEqual(['x']);
    expect(firedBy(alerts, 'AAPL', 99, 100.5).map((a) => a.id)).toEqual(['x', 'armed-later']);
    expect(firedBy(alerts, 'AAPL', 149, 150).map((a) => a.id)).toEqual(['up']);
  });

  it('a level placed on the chart gets the side it is on; levels snap to the tick', () => {
    expect(conditionFor(110, 100)).toBe('above');
    expect(conditionFor(90, 100)).toBe('below');
    expect(conditionFor(90, null)).toBe('crossing');
    expect(snapToTick(190.123, 0.01)).toBe(190.12);
    expect(snapToTick(377.3, 0.5)).toBe(377.5);
    expect(snapToTick(0.30000000000000004, 0.1)).toBe(0.3);
    expect(snapToTick(0.000123456, 0.00001)).toBe(0.00012);
  });

  it('repairs persisted data: malformed entries, duplicates and bad levels are dropped', () => {
    const good = alert({ id: 'g', note: 'n', triggered: { at: 5, price: 101 } });
    expect(sanitizeAlerts(null)).toEqual([]);
    expect(
      sanitizeAlerts([
        good,
        { ...good },
        { ...good, id: 'neg', price: -1 },
        { ...good, id: 'bad', symbol: 'aapl' },
        { ...good, id: 'c', condition: 'sideways' },
        7,
      ]),
    ).toEqual([good]);
    expect(sanitizeAlerts([{ id: 'm', symbol: 'AAPL', condition: 'above', price: 5 }])).toEqual([
      alert({ id: 'm', condition: 'above', price: 5 }),
    ]);
  });
});
