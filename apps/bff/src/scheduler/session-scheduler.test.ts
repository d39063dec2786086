import type { MarketId } from '@candlewire/market';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSessionScheduler, type SessionEvent, type SessionScheduler } from './session-scheduler';

const HOUR = 3_600_000;
const logLines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

let scheduler: SessionScheduler | null = null;
afterEach(() => {
  scheduler?.stop();
  scheduler = null;
  logLines.length = 0;
  vi.useRealTimers();
});

/** Runs a scheduler for `market` from `startIso` for `hours` of fake time; returns what fired and when. */
async function collect(market: MarketId, startIso: string, hours: number): Promise<{ event: SessionEvent; firedAt: number }[]> {
  vi.useFakeTimers({ now: Date.parse(startIso) });
  const s = createSessionScheduler({ logger, markets: [market] });
  scheduler = s;
  const fired: { event: SessionEvent; firedAt: number }[] = [];
  s.on(market, (event) => void fired.push({ event, firedAt: Date.now() }));
  s.start();
  await vi.advanceTimersByTimeAsync(hours * HOUR);
  return fired;
}
const brief = (fired: { event: SessionEvent; firedAt: number }[]) =>
  fired.map(
    ({ event, firedAt }) => `${event.kind}${event.endOfDay ? '/eod' : ''} ${event.local} ${new Date(firedAt).toISOString().slice(5, 16)}`,
  );

describe('session scheduler (fake time)', () => {
  it('New York, March DST change: 09:30 local is 14:30Z on Friday and 13:30Z on Monday', async () => {
    const fired = await collect('US', '2026-03-06T12:00:00Z', 4 * 24);
    expect(brief(fired)).toEqual([
      'open 2026-03-06 09:30 03-06T14:30',
      'post 2026-03-06 16:00 03-06T21:00',
      'close/eod 2026-03-06 20:00 03-07T01:00',
      'pre 2026-03-09 04:00 03-09T08:00',
      'open 2026-03-09 09:30 03-09T13:30',
      'post 2026-03-09 16:00 03-09T20:00',
      'close/eod 2026-03-09 20:00 03-10T00:00',
      'pre 2026-03-10 04:00 03-10T08:00',
    ]);
  });

  it('New York, November DST change: 09:30 local is 13:30Z on Friday and 14:30Z on Monday', async () => {
    const fired = await collect('US', '2026-10-30T12:00:00Z', 4 * 24);
    expect(brief(fired).filter((line) => line.startsWith('open'))).toEqual([
      'open 2026-10-30 09:30 10-30T13:30',
      'open 2026-11-02 09:30 11-02T14:30',
    ]);
    expect(brief(fired).filter((line) => line.startsWith('close'))).toEqual([
      'close/eod 2026-10-30 20:00 10-31T00:00',
      'close/eod 2026-11-02 20:00 11-03T01:00',
    ]);
  });

  it('Shanghai: the 11:30 lunch close is not the end of day, 13:00 reopens, 15:00 ends the day', async () => {
    const fired = await collect('CN', '2026-03-10T01:00:00Z', 12);
    expect(brief(fired)).toEqual([
      'pre 2026-03-10 09:15 03-10T01:15',
      'open 2026-03-10 09:30 03-10T01:30',
      'close 2026-03-10 11:30 03-10T03:30',
      'open 2026-03-10 13:00 03-10T05:00',
      'close/eod 2026-03-10 15:00 03-10T07:00',
    ]);
  });

  it('Hong Kong: lunch 12:00–13:00, closing auction 16:00–16:10 ends the day', async () => {
    const fired = await collect('HK', '2026-03-10T00:30:00Z', 12);
    expect(brief(fired)).toEqual([
      'pre 2026-03-10 09:00 03-10T01:00',
      'open 2026-03-10 09:30 03-10T01:30',
      'close 2026-03-10 12:00 03-10T04:00',
      'open 2026-03-10 13:00 03-10T05:00',
      'post 2026-03-10 16:00 03-10T08:00',
      'close/eod 2026-03-10 16:10 03-10T08:10',
    ]);
  });

  it('skips holidays (Good Friday 2026 in New York) and has nothing for 24/7 crypto', async () => {
    const fired = await collect('US', '2026-04-02T23:00:00Z', 4 * 24);
    const days = new Set(fired.map(({ event }) => event.local.slice(0, 10)));
    expect([...days]).toEqual(['2026-04-02', '2026-04-06']);
    const crypto = createSessionScheduler({ logger, markets: ['CRYPTO'] });
    crypto.start();
    expect(crypto.upcoming()).toEqual([]);
    crypto.stop();
  });

  it('runs end-of-day jobs only at the last close, once per day', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-10T01:00:00Z') });
    const s = createSessionScheduler({ logger, markets: ['CN', 'HK'] });
    scheduler = s;
    const eod: string[] = [];
    s.onEndOfDay('CN', (e) => void eod.push(`${e.market} ${e.local}`));
    s.onEndOfDay('HK', (e) => void eod.push(`${e.market} ${e.local}`));
    s.start();
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(eod).toEqual(['CN 2026-03-10 15:00', 'HK 2026-03-10 16:10', 'CN 2026-03-11 15:00', 'HK 2026-03-11 16:10']);
  });

  it('isolates jobs: a throwing and a rejecting job are logged and never stop the others or the next run', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-10T01:00:00Z') });
    const s = createSessionScheduler({ logger, markets: ['CN'] });
    scheduler = s;
    const ran: string[] = [];
    s.on('CN', () => {
      throw new Error('boom');
    });
    s.on('CN', () => Promise.reject(new Error('async boom')));
    s.on('CN', (e) => void ran.push(e.kind));
    s.onEndOfDay('CN', () => {
      throw new Error('eod boom');
    });
    s.onEndOfDay('CN', (e) => void ran.push(`eod ${e.local}`));
    s.start();
    await vi.advanceTimersByTimeAsync(7 * HOUR);
    expect(ran).toEqual(['pre', 'open', 'close', 'open', 'close', 'eod 2026-03-10 15:00']);
    expect(s.failures()).toBe(2 * 5 + 1);
    const errors = logLines
      .map((l) => JSON.parse(l) as { msg: string; err?: { message: string } })
      .filter((l) => l.msg === 'scheduled job failed');
    expect(errors.map((l) => l.err?.message)).toEqual(expect.arrayContaining(['boom', 'async boom', 'eod boom']));
    expect(s.upcoming()[0]).toMatchObject({ market: 'CN', kind: 'pre', local: '2026-03-11 09:15' });
  });
});
