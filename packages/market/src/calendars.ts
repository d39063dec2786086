import { MARKET_TIMEZONES } from './instruments';
import type { MarketCalendar, MarketId } from './types';
import { addLocalDays } from './zoned-time';

/** Every date from `first` to `last`, both included (weekends too; they are closed anyway). */
function dateRange(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let date = first; date <= last; date = addLocalDays(date, 1)) dates.push(date);
  return dates;
}

/**
 * NYSE full-day closures. Early closes (13:00 on the day before Independence Day, after
 * Thanksgiving, Christmas Eve) are not modelled.
 */
const US_HOLIDAYS = [
  // 2025 (Jan 9: national day of mourning for President Carter)
  '2025-01-01',
  '2025-01-09',
  '2025-01-20',
  '2025-02-17',
  '2025-04-18',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-11-27',
  '2025-12-25',
  // 2026 (Jul 3: Independence Day observed)
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-04-03',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
  // 2027 (Jun 18, Jul 5, Dec 24: observed; Jan 1 2028 is a Saturday and is not observed)
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-03-26',
  '2027-05-31',
  '2027-06-18',
  '2027-07-05',
  '2027-09-06',
  '2027-11-25',
  '2027-12-24',
];

/**
 * Shanghai/Shenzhen closures. 2025 and 2026 follow the published schedules.
 * NOTE: 2027 is an estimate from the lunar calendar and the usual pattern (the State
 * Council publishes it late in the prior year); make-up Saturdays never open the market.
 */
const CN_HOLIDAYS = [
  // 2025
  '2025-01-01',
  ...dateRange('2025-01-28', '2025-02-04'),
  '2025-04-04',
  ...dateRange('2025-05-01', '2025-05-05'),
  '2025-06-02',
  ...dateRange('2025-10-01', '2025-10-08'),
  // 2026
  ...dateRange('2026-01-01', '2026-01-02'),
  ...dateRange('2026-02-16', '2026-02-23'),
  '2026-04-06',
  ...dateRange('2026-05-01', '2026-05-05'),
  '2026-06-19',
  '2026-09-25',
  ...dateRange('2026-10-01', '2026-10-07'),
  // 2027 (estimated)
  '2027-01-01',
  ...dateRange('2027-02-08', '2027-02-12'),
  '2027-04-05',
  ...dateRange('2027-05-03', '2027-05-05'),
  '2027-06-09',
  '2027-09-15',
  ...dateRange('2027-10-01', '2027-10-07'),
];

/**
 * HKEX full-day closures (weekday general holidays). Half days (Christmas Eve, New Year's
 * Eve, Lunar New Year's Eve) are not modelled.
 * NOTE: 2027 follows the lunar calendar and the substitution rules; verify once gazetted.
 */
const HK_HOLIDAYS = [
  // 2025
  '2025-01-01',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-04-04',
  '2025-04-18',
  '2025-04-21',
  '2025-05-01',
  '2025-05-05',
  '2025-07-01',
  '2025-10-01',
  '2025-10-07',
  '2025-10-29',
  '2025-12-25',
  '2025-12-26',
  // 2026
  '2026-01-01',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-04-03',
  '2026-04-06',
  '2026-04-07',
  '2026-05-01',
  '2026-05-25',
  '2026-06-19',
  '2026-07-01',
  '2026-10-01',
  '2026-10-19',
  '2026-12-25',
  // 2027 (estimated)
  '2027-01-01',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-03-26',
  '2027-03-29',
  '2027-04-05',
  '2027-05-13',
  '2027-06-09',
  '2027-07-01',
  '2027-09-16',
  '2027-10-01',
  '2027-10-08',
  '2027-12-27',
];

/** Trading calendars per market. */
export const CALENDARS: Readonly<Record<MarketId, MarketCalendar>> = Object.freeze({
  US: {
    id: 'US',
    name: 'New York Stock Exchange',
    timezone: MARKET_TIMEZONES.US,
    alwaysOpen: false,
    pre: { start: '04:00', end: '09:30' },
    regular: [{ start: '09:30', end: '16:00' }],
    post: { start: '16:00', end: '20:00' },
    weekend: [0, 6],
    holidays: US_HOLIDAYS,
  },
  CN: {
    id: 'CN',
    name: 'Shanghai & Shenzhen Stock Exchanges',
    timezone: MARKET_TIMEZONES.CN,
    alwaysOpen: false,
    // NOTE: `pre` models the opening call auction 09:15–09:25 plus the 09:25–09:30 pause,
    // so the status goes pre → open without a five-minute `closed` flicker. There is no
    // post session: Shenzhen's 14:57–15:00 closing auction is part of `regular`.
    pre: { start: '09:15', end: '09:30' },
    regular: [
      { start: '09:30', end: '11:30' },
      { start: '13:00', end: '15:00' },
    ],
    post: null,
    weekend: [0, 6],
    holidays: CN_HOLIDAYS,
  },
  HK: {
    id: 'HK',
    name: 'Hong Kong Exchanges',
    timezone: MARKET_TIMEZONES.HK,
    alwaysOpen: false,
    // NOTE: `pre` is the pre-opening session; `post` is the closing auction session.
    pre: { start: '09:00', end: '09:30' },
    regular: [
      { start: '09:30', end: '12:00' },
      { start: '13:00', end: '16:00' },
    ],
    post: { start: '16:00', end: '16:10' },
    weekend: [0, 6],
    holidays: HK_HOLIDAYS,
  },
  CRYPTO: {
    id: 'CRYPTO',
    name: 'Crypto (24/7)',
    timezone: MARKET_TIMEZONES.CRYPTO,
    alwaysOpen: true,
    pre: null,
    regular: [{ start: '00:00', end: '24:00' }],
    post: null,
    weekend: [],
    holidays: [],
  },
});

/** The trading calendar of a market. */
export function calendarFor(market: MarketId): MarketCalendar {
  return CALENDARS[market];
}
