import { INTERVAL_SECONDS, type Interval, type MarketStatus } from '@candlewire/protocol';
import type { LocalSpan, MarketCalendar, SessionSpan, StatusChange } from './types';
import { addLocalDays, localDate, parseDate, weekdayOf, zonedToEpoch } from './zoned-time';

/** How many local days `nextChange` looks ahead before giving up. */
export const NEXT_CHANGE_MAX_DAYS = 15;

const MAX_CACHED_DAYS = 4096;
const holidaySets = new WeakMap<MarketCalendar, Set<string>>();
const spanCache = new WeakMap<MarketCalendar, Map<string, SessionSpan[]>>();

function holidaysOf(calendar: MarketCalendar): Set<string> {
  let set = holidaySets.get(calendar);
  if (set === undefined) {
    set = new Set(calendar.holidays);
    holidaySets.set(calendar, set);
  }
  return set;
}

/** True when the market trades at all on local date `dateStr` (not a weekend day or holiday). */
export function isTradingDay(calendar: MarketCalendar, dateStr: string): boolean {
  if (calendar.alwaysOpen) return true;
  return !calendar.weekend.includes(weekdayOf(dateStr)) && !holidaysOf(calendar).has(dateStr);
}

function toInstant(calendar: MarketCalendar, dateStr: string, hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (match === null) throw new RangeError(`not an HH:mm time: ${hhmm}`);
  // NOTE: '24:00' normalizes to the next local midnight through Date.UTC inside zonedToEpoch.
  return zonedToEpoch(calendar.timezone, { ...parseDate(dateStr), hour: Number(match[1]), minute: Number(match[2]) });
}

function buildSpans(calendar: MarketCalendar, dateStr: string): SessionSpan[] {
  if (!isTradingDay(calendar, dateStr)) return [];
  const spans: SessionSpan[] = [];
  const push = (span: LocalSpan | null, status: MarketStatus): void => {
    if (span === null) return;
    spans.push({
      start: toInstant(calendar, dateStr, span.start),
      end: toInstant(calendar, dateStr, span.end),
      status,
    });
  };
  if (calendar.alwaysOpen) {
    push({ start: '00:00', end: '24:00' }, 'open');
    return spans;
  }
  push(calendar.pre, 'pre');
  for (const span of calendar.regular) push(span, 'open');
  push(calendar.post, 'post');
  return spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start);
}

/** The session spans of local date `dateStr` as instants, in time order ([] when not a trading day). */
export function sessionSpans(calendar: MarketCalendar, dateStr: string): readonly SessionSpan[] {
  let byDate = spanCache.get(calendar);
  if (byDate === undefined) {
    byDate = new Map();
    spanCache.set(calendar, byDate);
  }
  let spans = byDate.get(dateStr);
  if (spans === undefined) {
    if (byDate.size >= MAX_CACHED_DAYS) byDate.clear(); // NOTE: keeps the memo bounded.
    spans = buildSpans(calendar, dateStr);
    byDate.set(dateStr, spans);
  }
  return spans;
}

/** Market status at instant `ms`: `open`/`pre`/`post` inside those spans, else `closed`. */
export function statusAt(calendar: MarketCalendar, ms: number): MarketStatus {
  if (calendar.alwaysOpen) return 'open';
  for (const span of sessionSpans(calendar, localDate(calendar.timezone, ms))) {
    if (ms >= span.start && ms < span.end) return span.status;
  }
  return 'closed';
}

/**
 * The next instant after `ms` at which the status differs from `statusAt(ms)`, with the new
 * status; null for always-open markets or when nothing changes within NEXT_CHANGE_MAX_DAYS.
 */
export function nextChange(calendar: MarketCalendar, ms: number): StatusChange | null {
  if (calendar.alwaysOpen) return null;
  const current = statusAt(calendar, ms);
  let date = localDate(calendar.timezone, ms);
  for (let day = 0; day <= NEXT_CHANGE_MAX_DAYS; day += 1, date = addLocalDays(date, 1)) {
    const boundaries = sessionSpans(calendar, date)
      .flatMap((span) => [span.start, span.end])
      .filter((at) => at > ms)
      .sort((a, b) => a - b);
    for (const at of boundaries) {
      const status = statusAt(calendar, at);
      if (status !== current) return { at, status };
    }
  }
  return null;
}

/**
 * True when bucket [startSec, startSec + interval) overlaps a pre/regular/post span; for
 * `1d`, when the bucket's local date is a trading day. Always true for always-open markets.
 */
export function isTradingBucket(calendar: MarketCalendar, interval: Interval, startSec: number): boolean {
  if (calendar.alwaysOpen) return true;
  const startMs = startSec * 1000;
  if (interval === '1d') return isTradingDay(calendar, localDate(calendar.timezone, startMs));
  const endMs = startMs + INTERVAL_SECONDS[interval] * 1000;
  const first = localDate(calendar.timezone, startMs);
  const last = localDate(calendar.timezone, endMs - 1);
  const overlaps = (dateStr: string): boolean => sessionSpans(calendar, dateStr).some((span) => span.start < endMs && span.end > startMs);
  return overlaps(first) || (last !== first && overlaps(last));
}
