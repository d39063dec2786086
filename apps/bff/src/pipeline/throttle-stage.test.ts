import { isCandleUpdate, type CandleUpdate } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededState } from '../../test/pipeline-stages';
import type { PublishStage } from './publish';
import { symbolQuote } from './quotes';
import type { SymbolState } from './symbol-state';
import { createThrottleStage, type ThrottleStage } from './throttle-stage';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const candle = (close: number, closed: boolean): CandleUpdate => ({
  time: T0 / 1000,
  open: 100,
  high: close,
  low: 100,
  close,
  volume: 1,
  closed,
});

describe('throttle stage', () => {
  let sent: [string, unknown][];
  let forgotten: string[];
  let now: number;
  let stage: ThrottleStage;
  let s: SymbolState;
  beforeEach(async () => {
    vi.useFakeTimers({ now: T0 });
    sent = [];
    forgotten = [];
    now = T0;
    const publish: PublishStage = {
      send: (channel, data) => void sent.push([channel, data]),
      forget: (channels) => void forgotten.push(...channels),
    };
    stage = createThrottleStage({ throttleMs: 100, now: () => now, publish, quoteOf: symbolQuote });
    s = await seededState('BTC-USDT', T0);
  });
  afterEach(() => {
    stage.stop();
    vi.useRealTimers();
  });

  it('sends trades at once and conflates forming candles to one per window, the latest winning', () => {
    stage.trade('BTC-USDT', { id: 1, price: 101, size: 1, side: 'buy', time: T0 });
    stage.forming(s, '1m', candle(101, false), T0);
    stage.forming(s, '1m', candle(102, false), T0 + 10);
    stage.forming(s, '1m', candle(103, false), T0 + 20);
    expect(sent.map(([c]) => c)).toEqual(['trades:BTC-USDT', 'candles:BTC-USDT:1m']);
    stage.flush(T0 + 100);
    expect(sent.at(-1)).toEqual(['candles:BTC-USDT:1m', candle(103, false)]);
  });

  it('lets a closed candle supersede the pending forming one, and a revision leave it pending', () => {
    stage.forming(s, '1m', candle(101, false), T0);
    stage.forming(s, '1m', candle(102, false), T0 + 10);
    stage.revision(s, '1m', { ...candle(99, true), time: T0 / 1000 - 60 });
    stage.flush(T0 + 100);
    expect(
      sent
        .map(([, d]) => d)
        .filter(isCandleUpdate)
        .map((d) => d.close),
    ).toEqual([101, 99, 102]);
    stage.forming(s, '1m', candle(104, false), T0 + 110);
    stage.closed(s, '1m', candle(105, true));
    stage.flush(T0 + 300);
    expect(sent.slice(3)).toEqual([['candles:BTC-USDT:1m', candle(105, true)]]);
  });

  it('offers changed quotes at flush and flushes what it holds on a timer when the source goes quiet', () => {
    stage.quoteChanged(s);
    stage.flush(T0);
    stage.quoteChanged(s);
    stage.flush(T0 + 10);
    expect(sent.map(([c]) => c)).toEqual(['quote:BTC-USDT']);
    now = T0 + 110;
    vi.advanceTimersByTime(100);
    expect(sent.map(([c]) => c)).toEqual(['quote:BTC-USDT', 'quote:BTC-USDT']);
  });

  it('sends a quote now on a state change, and forgets every channel of a stopped symbol', () => {
    stage.forming(s, '1s', candle(101, false), T0);
    stage.forming(s, '1s', candle(102, false), T0 + 1);
    stage.quoteNow(s, T0 + 2);
    expect(sent.map(([c]) => c)).toEqual(['candles:BTC-USDT:1s', 'quote:BTC-USDT']);
    stage.forget(s);
    stage.flush(T0 + 1000);
    expect(sent).toHaveLength(2);
    expect(forgotten).toContain('candles:BTC-USDT:1s');
    expect(forgotten).toContain('quote:BTC-USDT');
  });
});
