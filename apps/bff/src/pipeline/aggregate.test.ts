import type { SourceTrade } from '../sources/types';
import { describe, expect, it } from 'vitest';
import { recordingOutlet, seededState } from '../../test/pipeline-stages';
import { createAggregateStage } from './aggregate';
import type { SymbolState } from './symbol-state';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const trade = (price: number, time: number): SourceTrade => ({
  symbol: 'BTC-USDT',
  id: time,
  price,
  size: 2,
  side: 'buy',
  time,
  bid: price - 1,
  ask: price + 1,
});

describe('aggregate stage', () => {
  it('turns a trade into the trade, a forming candle of every interval and a quote change', async () => {
    const out = recordingOutlet();
    const stage = createAggregateStage(out);
    const s = await seededState('BTC-USDT', T0);
    stage.apply(s, { kind: 'trade', trade: trade(110, T0 + 500) }, T0 + 500);
    expect(out.calls.map((c) => c.kind)).toEqual([
      'trade',
      'forming',
      'forming',
      'forming',
      'forming',
      'forming',
      'forming',
      'quoteChanged',
    ]);
    const seconds = out.calls.find((c) => c.kind === 'forming' && c.interval === '1s');
    expect(seconds).toMatchObject({ update: { time: T0 / 1000, open: 110, close: 110, volume: 2, closed: false } });
    expect(s.last).toEqual({ price: 110, bid: 109, ask: 111, time: T0 + 500 });
  });

  it('closes the buckets a watermark passes, and only those', async () => {
    const out = recordingOutlet();
    const stage = createAggregateStage(out);
    const group = { id: 'fake', watermark: T0, members: new Set<SymbolState>() };
    const s = await seededState('BTC-USDT', T0, group);
    group.members.add(s);
    stage.apply(s, { kind: 'trade', trade: trade(110, T0 + 500) }, T0 + 500);
    out.calls.length = 0;
    stage.advance(group, T0 + 1000, T0 + 1000);
    expect(out.calls).toHaveLength(1);
    expect(out.calls[0]).toMatchObject({
      kind: 'closed',
      symbol: 'BTC-USDT',
      interval: '1s',
      update: { time: T0 / 1000, close: 110, closed: true },
    });
    stage.advance(group, T0 + 900, T0 + 1100);
    expect(group.watermark).toBe(T0 + 1000);
  });

  it('rejects a malformed venue candle and revises a closed bucket with a well-formed one', async () => {
    const out = recordingOutlet();
    const stage = createAggregateStage(out);
    const s = await seededState('BTC-USDT', T0);
    const past = T0 / 1000 - 120;
    stage.apply(
      s,
      {
        kind: 'candle',
        candle: { symbol: 'BTC-USDT', interval: '1m', candle: { time: past + 1, open: 1, high: 2, low: 1, close: 2, volume: 1 } },
      },
      T0,
    );
    expect(stage.rejectedCandles()).toBe(1);
    stage.apply(
      s,
      {
        kind: 'candle',
        candle: { symbol: 'BTC-USDT', interval: '1m', candle: { time: past, open: 1, high: 2, low: 1, close: 2, volume: 1 } },
      },
      T0,
    );
    expect(out.calls).toEqual([
      {
        kind: 'revision',
        symbol: 'BTC-USDT',
        interval: '1m',
        update: { time: past, open: 1, high: 2, low: 1, close: 2, volume: 1, closed: true },
      },
    ]);
    expect(s.revisions.get('1m')?.get(past)?.close).toBe(2);
  });
});
