import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  localDate,
  localDay,
  startOfLocalDate,
  startOfLocalDay,
  weekdayOf,
  zonedParts,
  zonedToEpoch,
  zoneOffset,
} from './zoned-time';

const NY = 'America/New_York';
const HOUR = 3_600_000;

describe('zonedParts', () => {
  it('reads wall-clock fields and weekday in a zone', () => {
    // 2026-03-09T13:30:05Z is Monday 09:30:05 EDT
    expect(zonedParts(NY, Date.parse('2026-03-09T13:30:05Z'))).toEqual({
      year: 2026,
      month: 3,
      day: 9,
      hour: 9,
      minute: 30,
      second: 5,
      weekday: 1,
    });
    // midnight is hour 0, never 24
    expect(zonedParts('Asia/Shanghai', Date.parse('2025-12-31T16:00:00Z'))).toMatchObject({
      year: 2026,
      month: 1,
      day: 1,
      hour: 0,
      weekday: 4,
    });
  });

  it('gives the zone offset across New York DST changes', () => {
    expect(zoneOffset(NY, Date.parse('2026-03-08T06:59:59Z'))).toBe(-5 * HOUR);
    expect(zoneOffset(NY, Date.parse('2026-03-08T07:00:00Z'))).toBe(-4 * HOUR);
    expect(zoneOffset(NY, Date.parse('2026-11-01T05:59:59Z'))).toBe(-4 * HOUR);
    expect(zoneOffset(NY, Date.parse('2026-11-01T06:00:00Z'))).toBe(-5 * HOUR);
  });
});

describe('zonedToEpoch', () => {
  it('maps 09:30 New York to 14:30Z in winter and 13:30Z in summer', () => {
    expect(zonedToEpoch(NY, { year: 2026, month: 3, day: 6, hour: 9, minute: 30 })).toBe(Date.parse('2026-03-06T14:30:00Z'));
    expect(zonedToEpoch(NY, { year: 2026, month: 3, day: 9, hour: 9, minute: 30 })).toBe(Date.parse('2026-03-09T13:30:00Z'));
    expect(zonedToEpoch(NY, { year: 2026, month: 11, day: 2, hour: 9, minute: 30 })).toBe(Date.parse('2026-11-02T14:30:00Z'));
  });

  it('round-trips every other hour of 2026 in several zones', () => {
    for (const zone of [NY, 'Asia/Shanghai', 'Asia/Hong_Kong', 'UTC', 'Europe/London', 'Australia/Lord_Howe']) {
      for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 2 * HOUR + 17_000) {
        const instant = Math.floor(ms / 1000) * 1000;
        const p = zonedParts(zone, instant);
        const back = zonedToEpoch(zone, p);
        // NOTE: in a repeated (fall-back) hour the earlier instant is returned.
        if (back !== instant) {
          expect(back).toBeLessThan(instant);
          expect(zonedParts(zone, back)).toEqual(p);
        }
      }
    }
  });

  it('maps a skipped spring-forward time to the instant the clock jumps', () => {
    // 2026-03-08 02:30 does not exist in New York; clocks jump 02:00 EST → 03:00 EDT at 07:00Z
    expect(zonedToEpoch(NY, { year: 2026, month: 3, day: 8, hour: 2, minute: 30 })).toBe(Date.parse('2026-03-08T07:00:00Z'));
    expect(zonedToEpoch(NY, { year: 2026, month: 3, day: 8, hour: 3, minute: 0 })).toBe(Date.parse('2026-03-08T07:00:00Z'));
  });

  it('maps an ambiguous fall-back time to the earlier instant', () => {
    // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST)
    expect(zonedToEpoch(NY, { year: 2026, month: 11, day: 1, hour: 1, minute: 30 })).toBe(Date.parse('2026-11-01T05:30:00Z'));
  });
});

describe('local dates', () => {
  it('formats the local date of an instant', () => {
    const ms = Date.parse('2026-01-01T03:00:00Z');
    expect(localDate(NY, ms)).toBe('2025-12-31');
    expect(localDate('Asia/Shanghai', ms)).toBe('2026-01-01');
  });

  it('finds local midnight, 23 h and 25 h days across New York DST', () => {
    const spring = startOfLocalDay(NY, Date.parse('2026-03-08T15:00:00Z'));
    expect(spring).toBe(Date.parse('2026-03-08T05:00:00Z'));
    expect(startOfLocalDate(NY, '2026-03-09') - spring).toBe(23 * HOUR);
    const fall = startOfLocalDay(NY, Date.parse('2026-11-01T15:00:00Z'));
    expect(fall).toBe(Date.parse('2026-11-01T04:00:00Z'));
    expect(startOfLocalDate(NY, '2026-11-02') - fall).toBe(25 * HOUR);
  });

  it('starts a day whose midnight is skipped at the transition instant', () => {
    // Santiago springs forward at 24:00 on the first Saturday of September: 2026-09-06 starts at 01:00 -03
    const start = startOfLocalDate('America/Santiago', '2026-09-06');
    expect(start).toBe(Date.parse('2026-09-06T04:00:00Z'));
    expect(localDate('America/Santiago', start)).toBe('2026-09-06');
    expect(localDate('America/Santiago', start - 1)).toBe('2026-09-05');
  });

  it('adds calendar days and reads weekdays', () => {
    expect(addLocalDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addLocalDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addLocalDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addLocalDays('2026-12-31', 365)).toBe('2027-12-31');
    expect(weekdayOf('2026-03-08')).toBe(0);
    expect(weekdayOf('2026-03-14')).toBe(6);
  });
});

describe('localDay, remembered by 15-minute slots', () => {
  /** Every local day met walking `hours` hours from `from` in steps of 7 minutes. */
  const walk = (timezone: string, from: number, hours: number) =>
    Array.from({ length: Math.ceil((hours * 60) / 7) }, (_, i) => localDay(timezone, from + i * 7 * 60_000));

  it.each(['America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Asia/Shanghai'])(
    '%s: a second walk over the same days (DST changes included) gives what the first did, and each instant lies in its day',
    (timezone) => {
      // Spans the US and Lord Howe DST changes of spring 2025.
      const from = Date.UTC(2025, 2, 5);
      const first = walk(timezone, from, 24 * 40).map((d) => ({ ...d }));
      const second = walk(timezone, from, 24 * 40);
      expect(second).toEqual(first);
      walk(timezone, from, 24 * 40).forEach((day, i) => {
        const at = from + i * 7 * 60_000;
        expect(at).toBeGreaterThanOrEqual(day.start);
        expect(at).toBeLessThan(day.end);
      });
      const lengths = new Set(first.map((d) => (d.end - d.start) / HOUR));
      if (timezone === 'America/New_York') expect(lengths).toEqual(new Set([24, 23]));
    },
  );

  it('a day of an old local mean time (offset not a whole quarter hour) is still right', () => {
    // Shanghai kept LMT (+08:05:43) until 1901.
    const at = Date.UTC(1900, 5, 1, 15, 58);
    const day = localDay('Asia/Shanghai', at);
    expect(at).toBeGreaterThanOrEqual(day.start);
    expect(at).toBeLessThan(day.end);
    expect(localDay('Asia/Shanghai', day.end - 1)).toEqual(day);
    expect(localDay('Asia/Shanghai', day.end).start).toBe(day.end);
  });
});
