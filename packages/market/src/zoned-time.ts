/**
 * DST-correct time-zone math built only on the platform's Intl time-zone data.
 * NOTE: no offsets are written by hand; every offset comes from Intl.DateTimeFormat.
 */

/** Wall-clock fields of an instant in a time zone. */
export interface ZonedParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** A local wall-clock time to convert to an instant. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    // NOTE: hourCycle h23 avoids the "24:00" midnight some engines print with hour12:false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Wall-clock parts of instant `ms` in `timezone` (throws RangeError for an unknown zone). */
export function zonedParts(timezone: string, ms: number): ZonedParts {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timezone).formatToParts(ms)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  if (fields.hour === 24) fields.hour = 0;
  const weekday = new Date(Date.UTC(fields.year, fields.month - 1, fields.day)).getUTCDay();
  return { ...fields, weekday };
}

/** Offset of `timezone` from UTC at instant `ms`, in milliseconds (local = utc + offset). */
export function zoneOffset(timezone: string, ms: number): number {
  const p = zonedParts(timezone, ms);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

/**
 * Epoch ms of a local wall time in `timezone`. Out-of-range fields normalize like Date.UTC
 * (hour 24 is the next midnight).
 * NOTE: a wall time skipped by a spring-forward gap maps to the instant the clock jumps
 * (e.g. 02:30 on a New York spring-forward day → 03:00 EDT); an ambiguous fall-back wall
 * time maps to its earlier instant (the first, daylight-time occurrence).
 */
export function zonedToEpoch(timezone: string, wall: WallTime): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  // NOTE: real offsets lie within ±14 h, so the offsets a day either side cover every candidate.
  const candidates = new Set([
    zoneOffset(timezone, local - MS_PER_DAY),
    zoneOffset(timezone, local),
    zoneOffset(timezone, local + MS_PER_DAY),
  ]);
  let best: number | null = null;
  for (const offset of candidates) {
    const instant = local - offset;
    if (zoneOffset(timezone, instant) === offset && (best === null || instant < best)) best = instant;
  }
  if (best !== null) return best;
  return gapEnd(timezone, local, [...candidates]);
}

/** The transition instant inside the gap that skipped wall time `local`. */
function gapEnd(timezone: string, local: number, offsets: number[]): number {
  const instants = offsets.map((offset) => local - offset);
  let lo = Math.min(...instants);
  let hi = Math.max(...instants);
  const after = zoneOffset(timezone, hi);
  // Binary search (to the second) for the first instant whose offset is the later one.
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo) break;
    if (zoneOffset(timezone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Formats calendar fields as `YYYY-MM-DD`. */
export function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Parses `YYYY-MM-DD` into calendar fields (throws on a malformed string). */
export function parseDate(dateStr: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateStr);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: ${dateStr}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** Weekday of a `YYYY-MM-DD` date, 0 = Sunday. */
export function weekdayOf(dateStr: string): number {
  const { year, month, day } = parseDate(dateStr);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The date `n` calendar days after `dateStr` (negative `n` goes back). */
export function addLocalDays(dateStr: string, n: number): string {
  const { year, month, day } = parseDate(dateStr);
  const shifted = new Date(Date.UTC(year, month - 1, day + n));
  return formatDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Epoch ms of local midnight starting `dateStr` in `timezone` (the gap end if midnight is skipped). */
export function startOfLocalDate(timezone: string, dateStr: string): number {
  return zonedToEpoch(timezone, { ...parseDate(dateStr), hour: 0, minute: 0 });
}

/** One local day: its `YYYY-MM-DD` date and its [start, end) instants in epoch ms. */
export interface LocalDay {
  date: string;
  start: number;
  end: number;
}

// NOTE: one remembered local day per zone makes repeated look-ups inside the same day
// (the common case for live trades) skip Intl formatting entirely.
const lastDay = new Map<string, LocalDay>();
/** 15-minute UTC slots: one lies within a single local day whenever that day's bounds fall on slot bounds. */
const SLOT_MS = 900_000;
/** Slots remembered per zone (a long history walk asks a few per day). */
const MAX_SLOTS = 100_000;
/** Local days by zone and slot, so walking the same days again (history requests) skips the zone math. */
const daysBySlot = new Map<string, Map<number, LocalDay>>();

/** The local day containing `ms`: its date and its [start, end) instants. */
export function localDay(timezone: string, ms: number): LocalDay {
  const cached = lastDay.get(timezone);
  if (cached !== undefined && ms >= cached.start && ms < cached.end) return cached;
  const slot = Math.floor(ms / SLOT_MS);
  const slots = daysBySlot.get(timezone) ?? new Map<number, LocalDay>();
  daysBySlot.set(timezone, slots);
  const known = slots.get(slot);
  if (known !== undefined) {
    lastDay.set(timezone, known);
    return known;
  }
  const p = zonedParts(timezone, ms);
  const date = formatDate(p.year, p.month, p.day);
  const day = {
    date,
    start: startOfLocalDate(timezone, date),
    end: startOfLocalDate(timezone, addLocalDays(date, 1)),
  };
  lastDay.set(timezone, day);
  // NOTE: only a day whose bounds fall on slot bounds (every zone's offset today is a multiple of
  // 15 minutes; old local mean times are not) can be found again by its slots.
  if (day.start % SLOT_MS === 0 && day.end % SLOT_MS === 0) {
    if (slots.size >= MAX_SLOTS) slots.clear();
    slots.set(slot, day);
  }
  return day;
}

/** The local date `YYYY-MM-DD` of instant `ms` in `timezone`. */
export function localDate(timezone: string, ms: number): string {
  return localDay(timezone, ms).date;
}

/** Epoch ms of the local midnight that starts the local day of `ms` in `timezone`. */
export function startOfLocalDay(timezone: string, ms: number): number {
  return localDay(timezone, ms).start;
}
