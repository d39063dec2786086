/**
 * Alpaca historical bars: `GET /v2/stocks/{symbol}/bars?timeframe&start&end&limit&feed&page_token`
 * with `APCA-API-KEY-ID` / `APCA-API-SECRET-KEY`, paged by `next_page_token`. Validated at the edge.
 */
import type { Interval } from '@candlewire/protocol';
import { z } from 'zod';
import type { VenueBar } from '../venue-kit/bar-candles';
import type { RestClient } from '../venue-kit/rest-json';
import { parseAlpacaTime } from './messages';

/** Alpaca timeframe of each interval (1s has none: built from trades). */
export const ALPACA_TIMEFRAMES = {
  '1s': null,
  '1m': '1Min',
  '5m': '5Min',
  '15m': '15Min',
  '1h': '1Hour',
  '1d': '1Day',
} as const satisfies Record<Interval, string | null>;
/** One Alpaca timeframe. */
export type AlpacaTimeframe = NonNullable<(typeof ALPACA_TIMEFRAMES)[Interval]>;

/** Largest page Alpaca serves. */
export const BARS_PAGE_LIMIT = 10_000;
/** Pages fetched at most per call (a runaway guard). */
const MAX_PAGES = 50;

const barsSchema = z.object({
  bars: z
    .array(z.object({ t: z.string(), o: z.number(), h: z.number(), l: z.number(), c: z.number(), v: z.number() }))
    .nullable()
    .optional(),
  next_page_token: z.string().nullable().optional(),
});

/** The bars endpoint answered something that is not a bars page. */
export class BarsError extends Error {}

/** Every bar of `timeframe` starting in [fromSec, untilSec), oldest first. */
export async function fetchAlpacaBars(
  rest: RestClient,
  symbol: string,
  timeframe: AlpacaTimeframe,
  fromSec: number,
  untilSec: number,
  feed: string,
): Promise<VenueBar[]> {
  const out: VenueBar[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await rest.get(`/v2/stocks/${encodeURIComponent(symbol)}/bars`, {
      timeframe,
      start: new Date(Math.floor(fromSec) * 1000).toISOString(),
      end: new Date(Math.ceil(untilSec) * 1000).toISOString(),
      limit: BARS_PAGE_LIMIT,
      adjustment: 'raw',
      feed,
      sort: 'asc',
      page_token: token,
    });
    const parsed = barsSchema.safeParse(body);
    if (!parsed.success) throw new BarsError(`malformed bars page: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    for (const b of parsed.data.bars ?? []) {
      const time = parseAlpacaTime(b.t) / 1000;
      if (!Number.isFinite(time) || !(b.o > 0 && b.h > 0 && b.l > 0 && b.c > 0) || b.v < 0)
        throw new BarsError(`bad bar ${JSON.stringify(b)}`);
      if (time >= untilSec || (out.at(-1)?.time ?? -1) >= time) continue;
      out.push({ time, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v });
    }
    token = parsed.data.next_page_token ?? undefined;
    if (token === undefined || token === '') return out;
  }
  return out;
}
