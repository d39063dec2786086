import { describe, expect, it } from 'vitest';
import type { SourceTrade } from '../types';
import { createRecentTrades } from './recent-trades';

const trade = (symbol: string, time: number): SourceTrade => ({ symbol, id: time, price: 1, size: 1, side: 'buy', time, bid: 1, ask: 1 });

describe('recent trades', () => {
  it('keeps each symbol’s trades of the last keepMs, oldest first', () => {
    const recent = createRecentTrades(1000);
    for (const t of [0, 400, 900, 1500]) recent.add(trade('A', t));
    recent.add(trade('B', 1500));
    expect(recent.list('A').map((t) => t.time)).toEqual([900, 1500]);
    expect(recent.list('B')).toHaveLength(1);
    recent.forget('A');
    expect(recent.list('A')).toEqual([]);
  });
});
