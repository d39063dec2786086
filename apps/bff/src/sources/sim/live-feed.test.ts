import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceTrade } from '../types';
import { createSimSource } from './sim-source';
import { instrument, recordingSink, tradesBetween, type SinkEvent } from '../../../test/sim-test-utils';

const T0 = Date.UTC(2025, 10, 19, 14, 29, 50, 3);
const INSTRUMENTS = ['AAPL', 'BTC-USDT', 'DOGE-USDT'].map(instrument);

/** Checks the sink protocol; returns the delivered trades in delivery order. */
function checkEvents(events: readonly SinkEvent[]): SourceTrade[] {
  const delivered: SourceTrade[] = [];
  let watermark = Number.NEGATIVE_INFINITY;
  let previous: SinkEvent['kind'] = 'watermark';
  for (const event of events) {
    if (event.kind === 'trades') {
      // A batch is always followed by a watermark, never by another batch.
      expect(previous).toBe('watermark');
      expect(event.batch.length).toBeGreaterThan(0);
      for (let i = 1; i < event.batch.length; i += 1) {
        expect(event.batch[i]?.time ?? 0).toBeGreaterThanOrEqual(event.batch[i - 1]?.time ?? 0);
      }
      for (const t of event.batch) expect(t.time).toBeGreaterThanOrEqual(watermark);
      delivered.push(...event.batch);
    } else {
      expect(event.ms).toBeGreaterThanOrEqual(watermark);
      watermark = event.ms;
    }
    previous = event.kind;
  }
  return delivered;
}

describe('live delivery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers every trade exactly once, in order, none before fromMs, watermark after each batch', () => {
    let clock = T0;
    const source = createSimSource({
      seed: 'live',
      sessions: 'always',
      emptyBuckets: 'flat',
      instruments: INSTRUMENTS,
      tickMs: 10,
      now: () => clock,
    });
    const { events, sink } = recordingSink();
    expect(source.health()).toEqual({ state: 'down', lastMessageAt: null });
    const fromMs = T0 - 4_321;
    source.start(sink, fromMs);
    expect(source.health().state).toBe('live');
    // Irregular clock: mostly 10 ms ticks, sometimes the clock stalls or leaps (GC pause).
    for (let i = 0; i < 15_000; i += 1) {
      clock += i % 997 === 0 ? 2_345 : i % 13 === 0 ? 0 : 10;
      vi.advanceTimersByTime(10);
    }
    source.stop();
    expect(source.health().state).toBe('down');
    const delivered = checkEvents(events);
    const last = events[events.length - 1];
    expect(last).toEqual({ kind: 'watermark', ms: clock });
    const expectedBySymbol = new Map(INSTRUMENTS.map((inst) => [inst.symbol, tradesBetween(source, inst.symbol, fromMs, clock + 1)]));
    for (const inst of INSTRUMENTS) {
      const mine = delivered.filter((t) => t.symbol === inst.symbol);
      expect(mine).toEqual(expectedBySymbol.get(inst.symbol));
      expect(mine.length).toBeGreaterThan(100);
    }
    // Watermark semantics: when watermark w is sent, every trade with time < w was delivered.
    const deliveredSoFar = new Map<string, number>();
    const late: string[] = [];
    for (const event of events) {
      if (event.kind === 'trades') {
        for (const t of event.batch) deliveredSoFar.set(t.symbol, (deliveredSoFar.get(t.symbol) ?? 0) + 1);
        continue;
      }
      for (const [symbol, all] of expectedBySymbol) {
        const due = all.filter((t) => t.time < event.ms).length;
        if (due > (deliveredSoFar.get(symbol) ?? 0)) late.push(`${symbol} @${event.ms}`);
      }
    }
    expect(late).toEqual([]);
    const count = events.length;
    vi.advanceTimersByTime(1000);
    expect(events.length).toBe(count);
    expect(source.health().lastMessageAt).not.toBeNull();
  });

  it('with onTime, delivers each trade at its own time, not on the next tick', () => {
    vi.setSystemTime(T0);
    const source = createSimSource({
      seed: 'live',
      sessions: 'always',
      emptyBuckets: 'flat',
      instruments: INSTRUMENTS,
      tickMs: 50,
      onTime: true,
      tradesPerSec: 20,
    });
    const late: number[] = [];
    const delivered: SourceTrade[] = [];
    source.start(
      {
        trades(batch) {
          for (const t of batch) late.push(Date.now() - t.time);
          delivered.push(...batch);
        },
        watermark: () => undefined,
        quotes: () => undefined,
        candles: () => undefined,
        symbolState: () => undefined,
      },
      T0,
    );
    vi.advanceTimersByTime(5_000);
    source.stop();
    const expected = INSTRUMENTS.flatMap((inst) => tradesBetween(source, inst.symbol, T0, T0 + 5_000)).length;
    expect(delivered.length).toBe(expected);
    expect(delivered.length).toBeGreaterThan(200);
    // NOTE: timers have whole-ms resolution: a trade may go out in the ms after its own, no later.
    expect(Math.max(...late)).toBeLessThanOrEqual(1);
  });

  it('catches up a start far in the past over several ticks, trailing the watermark', () => {
    let clock = T0;
    const source = createSimSource({ seed: 'live', sessions: 'always', emptyBuckets: 'flat', instruments: INSTRUMENTS, now: () => clock });
    const { events, sink } = recordingSink();
    const fromMs = T0 - 40 * 60_000;
    source.start(sink, fromMs);
    vi.advanceTimersByTime(10);
    const first = events.find((e) => e.kind === 'watermark');
    expect(first?.kind === 'watermark' ? first.ms : 0).toBeLessThan(clock);
    for (let i = 0; i < 100; i += 1) {
      clock += 10;
      vi.advanceTimersByTime(10);
    }
    source.stop();
    const delivered = checkEvents(events);
    expect(events[events.length - 1]).toEqual({ kind: 'watermark', ms: clock });
    for (const inst of INSTRUMENTS) {
      expect(delivered.filter((t) => t.symbol === inst.symbol)).toEqual(tradesBetween(source, inst.symbol, fromMs, clock + 1));
    }
  });

  it('restarts cleanly and stop is idempotent', () => {
    let clock = T0;
    const source = createSimSource({ seed: 'live', sessions: 'always', emptyBuckets: 'flat', instruments: INSTRUMENTS, now: () => clock });
    const first = recordingSink();
    source.start(first.sink, T0);
    clock += 500;
    vi.advanceTimersByTime(500);
    const second = recordingSink();
    source.start(second.sink, clock);
    const before = first.events.length;
    clock += 500;
    vi.advanceTimersByTime(500);
    expect(first.events.length).toBe(before);
    const delivered = checkEvents(second.events);
    expect(delivered.every((t) => t.time >= T0 + 500)).toBe(true);
    source.stop();
    source.stop();
    expect(source.health().state).toBe('down');
  });
});
