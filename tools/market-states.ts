/**
 * Prints each market's session status at this process's clock (`npx tsx tools/market-states.ts`):
 * the time matrix (`scripts/time-matrix.sh`) runs it under faketime to show what an instant is.
 */
import { CALENDARS, nextChange, statusAt, type MarketId } from '@candlewire/market';

const now = Date.now();
const parts = (Object.keys(CALENDARS) as MarketId[]).map((id) => {
  const calendar = CALENDARS[id];
  const next = nextChange(calendar, now);
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: calendar.timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  const change = next === null ? '' : ` → ${next.status} in ${Math.round((next.at - now) / 60_000)} min`;
  return `${id} ${local} ${statusAt(calendar, now)}${change}`;
});
console.log(`${new Date(now).toISOString()}  ${parts.join(' | ')}`);
