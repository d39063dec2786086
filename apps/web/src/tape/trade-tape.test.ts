import type { Trade } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { LARGE_FACTOR, TAPE_ROWS, TradeTape } from './trade-tape';

const trade = (id: number, size = 10, side: Trade['side'] = 'buy'): Trade => ({ id, price: 100 + id / 100, size, side, time: 1_000 + id });

describe('trade tape', () => {
  it('keeps the newest trades first, bounded, and skips ids already seen', () => {
    const tape = new TradeTape();
    expect(tape.push([trade(1), trade(2), trade(3)])).toBe(true);
    expect(tape.list.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(tape.push([trade(2), trade(3)])).toBe(false);
    tape.push(Array.from({ length: TAPE_ROWS + 50 }, (_, i) => trade(10 + i)));
    expect(tape.list).toHaveLength(TAPE_ROWS);
    expect(tape.list[0]?.id).toBe(10 + TAPE_ROWS + 49);
    tape.push([trade(10_000)]);
    expect(tape.list).toHaveLength(TAPE_ROWS);
    expect(tape.list[1]?.id).toBe(10 + TAPE_ROWS + 49);
  });

  it('flags a print large against the mean size of the recent trades, once there is a sample', () => {
    const tape = new TradeTape();
    tape.push([trade(1, 1000)]); // no sample yet: not large
    expect(tape.list[0]?.large).toBe(false);
    tape.clear();
    tape.push(Array.from({ length: 30 }, (_, i) => trade(i + 1, 10)));
    tape.push([trade(100, 10 * LARGE_FACTOR), trade(101, 10 * LARGE_FACTOR - 1)]);
    expect(tape.list.slice(0, 2).map((r) => [r.id, r.large])).toEqual([
      [101, false],
      [100, true],
    ]);
  });
});
