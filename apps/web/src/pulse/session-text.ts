/** Words and times of the market status bar (pure, unit-tested). */
import type { MarketStatus } from '@candlewire/protocol';

/** What each status reads as. */
export const STATUS_WORD = { open: 'open', closed: 'closed', pre: 'pre-market', post: 'after-hours' } as const satisfies Record<
  MarketStatus,
  string
>;

/** What the next change does, seen from the current status ("closes in 2h 14m"). */
export const NEXT_WORD = { open: 'closes', closed: 'opens', pre: 'opens', post: 'ends' } as const satisfies Record<MarketStatus, string>;

/** Time left, compact: 45s, 14m 05s, 2h 14m, 3d 04h (kept here for the status bar's imports). */
export { formatTimeLeft } from '../lib/format';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Mon 09:30 EST": weekday, time and zone name of `ms` in `timeZone` (undefined = the user's). */
export function formatZoned(ms: number, timeZone?: string, locale?: string): string {
  const key = `${timeZone ?? ''}|${locale ?? ''}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      ...(timeZone === undefined ? {} : { timeZone }),
    });
    formatters.set(key, f);
  }
  return f.format(ms);
}

/** What a simulated market's label says on hover. */
export const SIMULATED_NOTE = "Simulated: prices and sessions come from the server's simulation, not from the exchange";

/** The market's tooltip: its name and zone, status, and the next change in its time and the user's. */
export function marketTooltip(
  m: { name: string; timezone: string; status: MarketStatus; nextChange: number | null; simulated?: boolean },
  locale?: string,
): string {
  const head = `${m.name} (${m.timezone}): ${STATUS_WORD[m.status]}${m.simulated === true ? `\n${SIMULATED_NOTE}` : ''}`;
  if (m.nextChange === null) return `${head}\nNo scheduled change${m.status === 'open' ? ': trades around the clock' : ''}`;
  return `${head}\n${NEXT_WORD[m.status]} ${formatZoned(m.nextChange, m.timezone, locale)} market time\n= ${formatZoned(m.nextChange, undefined, locale)} your time`;
}
