import { describe, expect, it } from 'vitest';
import { CALENDARS, calendarFor } from './calendars';
import { isTradingBucket, isTradingDay, nextChange, sessionSpans, statusAt } from './sessions';
import { weekdayOf } from './zoned-time';

const US = CALENDARS.US;
const CN = CALENDARS.CN;
const HK = CALENDARS.HK;
const at = (iso: string): number => Date.parse(iso);
const sec = (iso: string): number => Date.parse(iso) / 1000;

describe('calendars', () => {
  it('lists weekday holidays for 2025–2027', () => {
    for (const calendar of [US, HK]) {
      for (const year of ['2025', '2026', '2027']) {
        const days = calendar.holidays.filter((d) => d.startsWith(year));
        expect(days.length).toBeGreaterThanOrEqual(10);
        for (const day of days) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(day));
      }
    }
    expect(calendarFor('CRYPTO').alwaysOpen).toBe(true);
    expect(CN.holidays).toContain('2026-02-20');
    expect(isTradingDay(CN, '2026-02-24')).toBe(true);
  });
});

describe('New York', () => {
  it('walks pre → open → post → closed on a regular winter weekday', () => {
    expect(statusAt(US, at('2026-03-05T08:59:59Z'))).toBe('closed');
    expect(statusAt(US, at('2026-03-05T09:00:00Z'))).toBe('pre'); // 04:00 EST
    expect(statusAt(US, at('2026-03-05T14:29:59.999Z'))).toBe('pre');
    expect(statusAt(US, at('2026-03-05T14:30:00Z'))).toBe('open'); // 09:30 EST
    expect(statusAt(US, at('2026-03-05T21:00:00Z'))).toBe('post'); // 16:00 EST
    expect(statusAt(US, at('2026-03-06T01:00:00Z'))).toBe('closed'); // 20:00 EST
    expect(nextChange(US, at('2026-03-05T12:00:00Z'))).toEqual({ at: at('2026-03-05T14:30:00Z'), status: 'open' });
    expect(nextChange(US, at('2026-03-05T15:00:00Z'))).toEqual({ at: at('2026-03-05T21:00:00Z'), status: 'post' });
    expect(nextChange(US, at('2026-03-05T22:00:00Z'))).toEqual({ at: at('2026-03-06T01:00:00Z'), status: 'closed' });
    expect(nextChange(US, at('2026-03-06T02:00:00Z'))).toEqual({ at: at('2026-03-06T09:00:00Z'), status: 'pre' });
  });

  it('opens at 13:30Z after the spring-forward weekend and skips it', () => {
    expect(statusAt(US, at('2026-03-07T15:00:00Z'))).toBe('closed'); // Saturday
    expect(statusAt(US, at('2026-03-08T15:00:00Z'))).toBe('closed'); // Sunday, DST day
    expect(nextChange(US, at('2026-03-07T02:00:00Z'))).toEqual({ at: at('2026-03-09T08:00:00Z'), status: 'pre' });
    expect(statusAt(US, at('2026-03-09T13:30:00Z'))).toBe('open');
    expect(statusAt(US, at('2026-03-09T13:29:59Z'))).toBe('pre');
    expect(nextChange(US, at('2026-03-09T12:00:00Z'))).toEqual({ at: at('2026-03-09T13:30:00Z'), status: 'open' });
    expect(nextChange(US, at('2026-03-09T14:00:00Z'))).toEqual({ at: at('2026-03-09T20:00:00Z'), status: 'post' });
  });

  it('opens at 14:30Z after the fall-back weekend', () => {
    expect(nextChange(US, at('2026-10-31T12:00:00Z'))).toEqual({ at: at('2026-11-02T09:00:00Z'), status: 'pre' });
    expect(statusAt(US, at('2026-11-02T14:29:00Z'))).toBe('pre');
    expect(statusAt(US, at('2026-11-02T14:30:00Z'))).toBe('open');
    expect(nextChange(US, at('2026-10-30T15:00:00Z'))).toEqual({ at: at('2026-10-30T20:00:00Z'), status: 'post' });
  });

  it('stays closed on holidays and skips them', () => {
    expect(isTradingDay(US, '2026-07-03')).toBe(false); // Independence Day observed
    expect(isTradingDay(US, '2026-07-02')).toBe(true);
    expect(statusAt(US, at('2026-07-03T15:00:00Z'))).toBe('closed');
    expect(nextChange(US, at('2026-07-03T00:00:00Z'))).toEqual({ at: at('2026-07-06T08:00:00Z'), status: 'pre' });
    expect(statusAt(US, at('2026-04-03T15:00:00Z'))).toBe('closed'); // Good Friday
    expect(statusAt(US, at('2026-11-26T15:00:00Z'))).toBe('closed'); // Thanksgiving
    expect(sessionSpans(US, '2026-12-25')).toEqual([]);
  });
});

describe('Shanghai', () => {
  it('closes for lunch and reopens at 13:00 CST = 05:00Z', () => {
    expect(statusAt(CN, at('2026-03-05T01:14:59Z'))).toBe('closed');
    expect(statusAt(CN, at('2026-03-05T01:15:00Z'))).toBe('pre'); // 09:15 call auction
    expect(statusAt(CN, at('2026-03-05T01:30:00Z'))).toBe('open');
    expect(statusAt(CN, at('2026-03-05T03:29:59Z'))).toBe('open');
    expect(statusAt(CN, at('2026-03-05T03:30:00Z'))).toBe('closed'); // 11:30
    expect(statusAt(CN, at('2026-03-05T04:59:59Z'))).toBe('closed');
    expect(nextChange(CN, at('2026-03-05T03:30:00Z'))).toEqual({ at: at('2026-03-05T05:00:00Z'), status: 'open' });
    expect(nextChange(CN, at('2026-03-05T02:00:00Z'))).toEqual({ at: at('2026-03-05T03:30:00Z'), status: 'closed' });
    expect(nextChange(CN, at('2026-03-05T06:00:00Z'))).toEqual({ at: at('2026-03-05T07:00:00Z'), status: 'closed' });
    expect(nextChange(CN, at('2026-03-05T07:00:00Z'))).toEqual({ at: at('2026-03-06T01:15:00Z'), status: 'pre' });
  });

  it('skips the Spring Festival closure', () => {
    expect(nextChange(CN, at('2026-02-13T07:00:00Z'))).toEqual({ at: at('2026-02-24T01:15:00Z'), status: 'pre' });
  });
});

describe('Hong Kong', () => {
  it('has pre-open, a lunch break and a closing auction', () => {
    expect(statusAt(HK, at('2026-03-05T01:00:00Z'))).toBe('pre'); // 09:00
    expect(statusAt(HK, at('2026-03-05T01:30:00Z'))).toBe('open');
    expect(statusAt(HK, at('2026-03-05T04:00:00Z'))).toBe('closed'); // 12:00
    expect(statusAt(HK, at('2026-03-05T05:00:00Z'))).toBe('open'); // 13:00
    expect(statusAt(HK, at('2026-03-05T08:00:00Z'))).toBe('post'); // 16:00 closing auction
    expect(statusAt(HK, at('2026-03-05T08:10:00Z'))).toBe('closed');
    expect(nextChange(HK, at('2026-03-05T04:30:00Z'))).toEqual({ at: at('2026-03-05T05:00:00Z'), status: 'open' });
    expect(nextChange(HK, at('2026-03-05T08:05:00Z'))).toEqual({ at: at('2026-03-05T08:10:00Z'), status: 'closed' });
  });

  it('skips the Easter closure of 2026', () => {
    expect(nextChange(HK, at('2026-04-02T09:00:00Z'))).toEqual({ at: at('2026-04-08T01:00:00Z'), status: 'pre' });
  });
});

describe('crypto', () => {
  it('is always open and never changes', () => {
    const crypto = CALENDARS.CRYPTO;
    for (const iso of ['2026-03-08T07:00:00Z', '2026-12-25T12:00:00Z', '2027-01-01T00:00:00Z']) {
      expect(statusAt(crypto, at(iso))).toBe('open');
      expect(nextChange(crypto, at(iso))).toBeNull();
      expect(isTradingBucket(crypto, '1s', sec(iso))).toBe(true);
    }
  });
});

describe('isTradingBucket', () => {
  it('checks overlap with pre/regular/post spans', () => {
    expect(isTradingBucket(US, '1m', sec('2026-03-09T13:29:00Z'))).toBe(true); // pre
    expect(isTradingBucket(US, '1m', sec('2026-03-10T00:00:00Z'))).toBe(false); // 20:00 EDT
    expect(isTradingBucket(US, '1m', sec('2026-03-09T23:59:00Z'))).toBe(true); // 19:59 EDT post
    expect(isTradingBucket(US, '1h', sec('2026-03-06T14:00:00Z'))).toBe(true);
    expect(isTradingBucket(US, '1h', sec('2026-03-07T15:00:00Z'))).toBe(false); // Saturday
    expect(isTradingBucket(US, '1h', sec('2026-03-06T08:00:00Z'))).toBe(false); // 03:00 EST
    expect(isTradingBucket(US, '1s', sec('2026-03-06T08:59:59Z'))).toBe(false);
    expect(isTradingBucket(US, '1s', sec('2026-03-06T09:00:00Z'))).toBe(true);
    expect(isTradingBucket(CN, '1m', sec('2026-03-05T03:29:00Z'))).toBe(true);
    expect(isTradingBucket(CN, '1m', sec('2026-03-05T03:30:00Z'))).toBe(false); // lunch
    expect(isTradingBucket(CN, '1h', sec('2026-03-05T04:00:00Z'))).toBe(false); // 12:00–13:00
    expect(isTradingBucket(CN, '15m', sec('2026-03-05T03:15:00Z'))).toBe(true);
    expect(isTradingBucket(CN, '5m', sec('2026-03-05T04:55:00Z'))).toBe(false);
    expect(isTradingBucket(HK, '5m', sec('2026-03-05T08:05:00Z'))).toBe(true); // closing auction
    expect(isTradingBucket(HK, '5m', sec('2026-03-05T08:10:00Z'))).toBe(false);
  });

  it('uses the local trading day for 1d buckets', () => {
    expect(isTradingBucket(US, '1d', sec('2026-03-09T04:00:00Z'))).toBe(true);
    expect(isTradingBucket(US, '1d', sec('2026-03-08T05:00:00Z'))).toBe(false); // Sunday
    expect(isTradingBucket(US, '1d', sec('2026-07-03T04:00:00Z'))).toBe(false); // holiday
    expect(isTradingBucket(CN, '1d', sec('2026-03-04T16:00:00Z'))).toBe(true); // 2026-03-05 CST
  });
});
