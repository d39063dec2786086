import { bucketStart, findInstrument, toCandle, volumeDecimals, type Instrument } from '@candlewire/market';
import { channel, type CandleUpdate, type Quote } from '@candlewire/protocol';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { updatesIn } from '../../test/frames';
import { createMemoryBroker } from '../broker/memory';
import { createPipeline } from '../pipeline';
import { createSimSource } from '../sources/sim';
import { createSessionScheduler } from '.';

afterEach(() => vi.useRealTimers());

describe('end of day (scheduler → pipeline.finalizeDay)', () => {
  it("publishes AAPL's 1d candle closed at the 20:00 New York close, once, and rolls prevClose for the next session", async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-10T23:58:00Z') }); // 19:58 EDT, post-market
    const aapl = findInstrument('AAPL') as Instrument;
    const source = createSimSource({ seed: 'eod', sessions: 'real', emptyBuckets: 'flat', tickMs: 5000, instruments: [aapl] });
    const broker = createMemoryBroker();
    const days: CandleUpdate[] = [];
    const quotes: Quote[] = [];
    const [daily, quote] = [channel.candles('AAPL', '1d'), channel.quote('AAPL')];
    broker.listen(daily, (u) => void days.push(...updatesIn(daily, u.frame)));
    broker.listen(quote, (u) => void quotes.push(...updatesIn(quote, u.frame)));
    const pipeline = createPipeline({ source, broker, throttleMs: 100, emptyBuckets: 'flat' });
    await pipeline.start();
    const scheduler = createSessionScheduler({ logger: pino({ level: 'silent' }), markets: ['US'] });
    const finalized: number[] = [];
    scheduler.onEndOfDay('US', () => void finalized.push(pipeline.finalizeDay('US')));
    scheduler.start();

    await vi.advanceTimersByTimeAsync(3 * 60_000); // 20:01 EDT
    expect(finalized).toEqual([1]);
    const closedAtClose = days.filter((d) => d.closed);
    expect(closedAtClose).toHaveLength(1);
    const closeMs = Date.parse('2026-03-11T00:00:00Z');
    const day = bucketStart('1d', closeMs - 1, aapl.timezone);
    const truth = (await source.history('AAPL', '1d', day, closeMs)).at(-1);
    if (truth === undefined) throw new Error('no history');
    expect(closedAtClose[0]).toEqual({ ...toCandle(truth, volumeDecimals(aapl)), closed: true });

    await vi.advanceTimersByTimeAsync(13.5 * 3_600_000); // next day 09:31 EDT: midnight passed, trading again
    scheduler.stop();
    pipeline.stop();
    expect(days.filter((d) => d.closed && d.time === day)).toHaveLength(1);
    const nextDay = quotes.filter((q) => q.time >= Date.parse('2026-03-11T08:00:00Z'));
    expect(nextDay.length).toBeGreaterThan(0);
    for (const q of nextDay) expect(q.prevClose).toBe(truth.close);
  });
});
