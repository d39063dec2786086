/**
 * Exchange-time display for lightweight-charts, which only knows UTC: chart times are
 * "wall-clock seconds" (UTC time + the zone's offset at that instant), formatted with UTC getters.
 * NOTE: every offset comes from Intl.DateTimeFormat (DST-correct); nothing is written by hand.
 */
// NOTE: the market package is side-effect free: this pulls in its zone math, not its tables.
import { zoneOffset } from '@candlewire/market';
import { TickMarkType, type Time } from 'lightweight-charts';

/** Offset cache keyed by `${zone}|${utc hour}`; DST transitions fall on whole hours in every zone we list. */
const offsets = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 20_000;

/** Seconds to add to UTC instant `utcSec` to get wall-clock time in `timeZone` (cached per hour). */
export function offsetSeconds(timeZone: string, utcSec: number): number {
  const hour = Math.floor(utcSec / 3600);
  const key = `${timeZone}|${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    try {
      offset = zoneOffset(timeZone, hour * 3_600_000) / 1000;
    } catch {
      offset = 0; // unknown zone: show UTC rather than break the chart
    }
    if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** UTC epoch seconds → chart (wall-clock) seconds in `timeZone`. */
export function toWallSeconds(timeZone: string, utcSec: number): number {
  return utcSec + offsetSeconds(timeZone, utcSec);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const pad = (n: number): string => String(n).padStart(2, '0');

function wallDate(time: Time): Date {
  if (typeof time === 'number') return new Date(time * 1000);
  if (typeof time === 'string') return new Date(`${time}T00:00:00Z`);
  return new Date(Date.UTC(time.year, time.month - 1, time.day));
}

/** `HH:mm` (or `HH:mm:ss`) of a wall-clock chart time. */
export function formatClock(wallSec: number, seconds: boolean): string {
  const d = new Date(wallSec * 1000);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
}

/** Axis labels in exchange time: `HH:mm` intraday, `d MMM` for days, `MMM` / `yyyy` above. */
export function tickMarkFormatter(time: Time, type: TickMarkType): string {
  const d = wallDate(time);
  switch (type) {
    case TickMarkType.Year:
      return String(d.getUTCFullYear());
    case TickMarkType.Month:
      return MONTHS[d.getUTCMonth()] ?? '';
    case TickMarkType.DayOfMonth:
      return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''}`;
    case TickMarkType.Time:
      return formatClock(d.getTime() / 1000, false);
    case TickMarkType.TimeWithSeconds:
      return formatClock(d.getTime() / 1000, true);
  }
}

/** Crosshair / legend label of a wall-clock chart time: `Mon 3 Mar '25 14:05[:07]` (date only for days). */
export function formatWallTime(wallSec: number, mode: 'day' | 'minute' | 'second'): string {
  const d = new Date(wallSec * 1000);
  const date = `${DAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''} '${pad(d.getUTCFullYear() % 100)}`;
  return mode === 'day' ? date : `${date} ${formatClock(wallSec, mode === 'second')}`;
}

/** Toolbar caption of a zone: `New York · EST`, `Hong Kong · GMT+8`, `UTC`. */
export function zoneCaption(timeZone: string, utcSec: number): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const city = (timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ');
  return `${city} · ${zoneLabel(timeZone, utcSec)}`;
}

/** Short zone label for the toolbar, e.g. `EST`, `GMT+8`, `UTC`. */
export function zoneLabel(timeZone: string, utcSec: number): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(utcSec * 1000);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}
