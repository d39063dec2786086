/**
 * What the `markets` channel shows: statuses and next-change times, walked change by change
 * across New York's DST switches, Shanghai's and Hong Kong's lunch breaks and holidays, and 24/7 crypto.
 */
import { describe, expect, it } from 'vitest';
import { CALENDARS } from './calendars';
import { nextChange, statusAt } from './sessions';
import type { MarketCalendar } from './types';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Follows `nextChange` `steps` times from `from`: "status@instant" per change, each checked against `statusAt`. */
function walk(calendar: MarketCalendar, from: string, steps: number): string[] {
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < steps; i++) {
    const change = nextChange(calendar, t);
    if (change === null) break;
    expect(statusAt(calendar, change.at)).toBe(change.status);
    expect(statusAt(calendar, change.at - 1)).not.toBe(change.status); // a real change, not a repeat
    out.push(`${change.status}@${iso(change.at)}`);
    t = change.at;
  }
  return out;
}

describe('New York across the DST switches', () => {
  it('walks Friday to Monday over spring-forward (2026-03-08): EST times before, EDT after', () => {
    expect(walk(CALENDARS.US, '2026-03-06T00:00:00Z', 8)).toEqual([
      'closed@2026-03-06T01:00:00Z', // Thursday 20:00 EST
      'pre@2026-03-06T09:00:00Z', // Friday 04:00 EST
      'open@2026-03-06T14:30:00Z', // 09:30 EST
      'post@2026-03-06T21:00:00Z', // 16:00 EST
      'closed@2026-03-07T01:00:00Z', // 20:00 EST
      'pre@2026-03-09T08:00:00Z', // Monday 04:00 EDT
      'open@2026-03-09T13:30:00Z', // 09:30 EDT
      'post@2026-03-09T20:00:00Z', // 16:00 EDT
    ]);
  });

  it('shows the same UTC instant as pre on Friday and open on Monday (spring)', () => {
    expect(statusAt(CALENDARS.US, at('2026-03-06T13:45:00Z'))).toBe('pre'); // 08:45 EST
    expect(statusAt(CALENDARS.US, at('2026-03-09T13:45:00Z'))).toBe('open'); // 09:45 EDT
    expect(statusAt(CALENDARS.US, at('2026-03-08T07:30:00Z'))).toBe('closed'); // the missing hour, Sunday
  });

  it('walks Friday to Monday over fall-back (2026-11-01): EDT times before, EST after', () => {
    expect(walk(CALENDARS.US, '2026-10-30T12:00:00Z', 6)).toEqual([
      'open@2026-10-30T13:30:00Z', // Friday 09:30 EDT
      'post@2026-10-30T20:00:00Z',
      'closed@2026-10-31T00:00:00Z', // 20:00 EDT
      'pre@2026-11-02T09:00:00Z', // Monday 04:00 EST
      'open@2026-11-02T14:30:00Z', // 09:30 EST
      'post@2026-11-02T21:00:00Z',
    ]);
    // During the repeated hour (01:00–02:00 twice, Sunday) the market is closed either way.
    expect(statusAt(CALENDARS.US, at('2026-11-01T05:30:00Z'))).toBe('closed');
    expect(statusAt(CALENDARS.US, at('2026-11-01T06:30:00Z'))).toBe('closed');
    expect(nextChange(CALENDARS.US, at('2026-11-01T05:30:00Z'))).toEqual({ at: at('2026-11-02T09:00:00Z'), status: 'pre' });
  });

  it('gets the 2027 switches right too (March 14, November 7)', () => {
    expect(nextChange(CALENDARS.US, at('2027-03-12T22:00:00Z'))).toEqual({ at: at('2027-03-13T01:00:00Z'), status: 'closed' });
    expect(walk(CALENDARS.US, '2027-03-13T12:00:00Z', 2)).toEqual(['pre@2027-03-15T08:00:00Z', 'open@2027-03-15T13:30:00Z']);
    expect(walk(CALENDARS.US, '2027-11-06T12:00:00Z', 2)).toEqual(['pre@2027-11-08T09:00:00Z', 'open@2027-11-08T14:30:00Z']);
  });
});

describe('Shanghai', () => {
  it('walks a day through the call auction and the lunch break, then the weekend', () => {
    expect(walk(CALENDARS.CN, '2026-03-06T00:00:00Z', 6)).toEqual([
      'pre@2026-03-06T01:15:00Z', // Friday 09:15 CST call auction
      'open@2026-03-06T01:30:00Z', // 09:30
      'closed@2026-03-06T03:30:00Z', // 11:30 lunch
      'open@2026-03-06T05:00:00Z', // 13:00
      'closed@2026-03-06T07:00:00Z', // 15:00
      'pre@2026-03-09T01:15:00Z', // Monday
    ]);
  });

  it('is closed through lunch, with the reopening as next change', () => {
    for (const t of ['2026-03-05T03:30:00Z', '2026-03-05T04:15:00Z', '2026-03-05T04:59:59Z']) {
      expect(statusAt(CALENDARS.CN, at(t))).toBe('closed');
      expect(nextChange(CALENDARS.CN, at(t))).toEqual({ at: at('2026-03-05T05:00:00Z'), status: 'open' });
    }
  });

  it('skips National Day week and never opens on a make-up Saturday', () => {
    expect(nextChange(CALENDARS.CN, at('2026-09-30T08:00:00Z'))).toEqual({ at: at('2026-10-08T01:15:00Z'), status: 'pre' });
    expect(statusAt(CALENDARS.CN, at('2026-10-10T02:00:00Z'))).toBe('closed'); // Saturday
  });
});

describe('Hong Kong', () => {
  it('walks pre-open, morning, lunch, afternoon, closing auction', () => {
    expect(walk(CALENDARS.HK, '2026-03-06T00:00:00Z', 7)).toEqual([
      'pre@2026-03-06T01:00:00Z', // 09:00 HKT
      'open@2026-03-06T01:30:00Z', // 09:30
      'closed@2026-03-06T04:00:00Z', // 12:00 lunch
      'open@2026-03-06T05:00:00Z', // 13:00
      'post@2026-03-06T08:00:00Z', // 16:00 closing auction
      'closed@2026-03-06T08:10:00Z', // 16:10
      'pre@2026-03-09T01:00:00Z', // Monday
    ]);
  });

  it('is unaffected by New York DST (no DST in Hong Kong)', () => {
    expect(walk(CALENDARS.HK, '2026-11-01T00:00:00Z', 2)).toEqual(['pre@2026-11-02T01:00:00Z', 'open@2026-11-02T01:30:00Z']);
  });
});

describe('crypto', () => {
  it('is open 24/7 with no next change, through DST dates, weekends and New Year', () => {
    for (const t of [
      '2026-03-08T07:30:00Z',
      '2026-11-01T05:30:00Z',
      '2026-03-07T12:00:00Z',
      '2026-12-31T23:59:59Z',
      '2028-02-29T12:00:00Z',
    ]) {
      expect(statusAt(CALENDARS.CRYPTO, at(t))).toBe('open');
      expect(nextChange(CALENDARS.CRYPTO, at(t))).toBeNull();
    }
    expect(walk(CALENDARS.CRYPTO, '2026-03-06T00:00:00Z', 3)).toEqual([]);
  });
});
