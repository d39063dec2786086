import { describe, expect, it } from 'vitest';
import { createTradeDedupe } from './trade-dedupe';

const trade = (symbol: string, id: number) => ({ symbol, id, price: 1, size: 1, side: 'buy' as const, time: id, bid: 1, ask: 1 });

describe('trade dedupe', () => {
  it('drops ids not above the last delivered one, per symbol', () => {
    const dedupe = createTradeDedupe();
    expect(dedupe.fresh([trade('A', 1), trade('A', 2), trade('B', 1)]).map((t) => `${t.symbol}${t.id}`)).toEqual(['A1', 'A2', 'B1']);
    expect(dedupe.fresh([trade('A', 2), trade('A', 1), trade('A', 3), trade('B', 1)]).map((t) => `${t.symbol}${t.id}`)).toEqual(['A3']);
    expect(dedupe.duplicates()).toBe(3);
  });
});
