/**
 * Yahoo's chart API: `GET /v8/finance/chart/{symbol}?interval=…&period1=…&period2=…` →
 * `{chart:{result:[{timestamp:[…], indicators:{quote:[{open,high,low,close,volume}]}}], error}}`.
 * Validated at the edge; bars with a null field (no trade in the bar) are skipped.
 */
import { z } from 'zod';
import type { Interval } from '@candlewire/protocol';
import type { VenueBar } from '../venue-kit/bar-candles';
import type { RestClient } from '../venue-kit/rest-json';

/** Bar sizes of the chart API this adapter asks for. */
export const YAHOO_INTERVALS = ['1m', '5m', '15m', '60m', '1d'] as const;
/** One of YAHOO_INTERVALS. */
export type YahooInterval = (typeof YAHOO_INTERVALS)[number];

/** How far back Yahoo serves each bar size, and the longest span of one request, seconds. */
export const YAHOO_LIMITS = {
  '1m': { backSec: 29 * 86_400, spanSec: 7 * 86_400 },
  '5m': { backSec: 59 * 86_400, spanSec: 59 * 86_400 },
  '15m': { backSec: 59 * 86_400, spanSec: 59 * 86_400 },
  '60m': { backSec: 729 * 86_400, spanSec: 729 * 86_400 },
  '1d': { backSec: Number.POSITIVE_INFINITY, spanSec: Number.POSITIVE_INFINITY },
} as const satisfies Record<YahooInterval, { backSec: number; spanSec: number }>;

/** One chart bar: start (epoch s), OHLC and volume (shares). */
export type YahooBar = VenueBar;

/**
 * The chart API bar size that builds `interval` for a range starting at `fromSec`, or null (1s).
 * NOTE: 1h is folded from 15m bars, which align to our hour grid; Yahoo's 60m bars start at the
 * session open (09:30) and are used only beyond the 59 days Yahoo keeps 15m bars.
 */
export function yahooIntervalFor(interval: Interval, fromSec: number, nowSec: number): YahooInterval | null {
  switch (interval) {
    case '1s':
      return null;
    case '1m':
    case '5m':
    case '15m':
    case '1d':
      return interval;
    case '1h':
      return fromSec >= nowSec - YAHOO_LIMITS['15m'].backSec ? '15m' : '60m';
  }
}

const series = z.array(z.number().nullable()).optional();
const chartSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          timestamp: z.array(z.number()).optional(),
          indicators: z.object({
            quote: z.array(z.object({ open: series, high: series, low: series, close: series, volume: series })),
          }),
        }),
      )
      .nullable(),
    error: z.object({ code: z.string(), description: z.string().nullable().optional() }).nullable().optional(),
  }),
});

/** The chart API answered with something that is not a chart. */
export class ChartError extends Error {}

/** Parses a chart response body into bars (time order); throws ChartError when it is malformed or an error. */
export function parseChart(body: unknown): YahooBar[] {
  const parsed = chartSchema.safeParse(body);
  if (!parsed.success) throw new ChartError(`malformed chart response: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { result, error } = parsed.data.chart;
  if (error !== null && error !== undefined) throw new ChartError(`chart error ${error.code}: ${error.description ?? ''}`);
  const first = result?.[0];
  if (first === undefined) return [];
  const times = first.timestamp ?? [];
  const q = first.indicators.quote[0];
  if (q === undefined) return [];
  const bars: YahooBar[] = [];
  for (let i = 0; i < times.length; i++) {
    const [time, open, high, low, close, volume] = [times[i], q.open?.[i], q.high?.[i], q.low?.[i], q.close?.[i], q.volume?.[i]];
    if (time === undefined || open == null || high == null || low == null || close == null) continue;
    if (!(open > 0 && high > 0 && low > 0 && close > 0)) continue;
    bars.push({ time, open, high: Math.max(high, open, close), low: Math.min(low, open, close), close, volume: volume ?? 0 });
  }
  bars.sort((a, b) => a.time - b.time);
  return bars;
}

/** Fetches bars of `yahooSymbol` in [fromSec, untilSec), clamped to what Yahoo serves and split into allowed spans. */
export async function fetchBars(
  rest: RestClient,
  yahooSymbol: string,
  interval: YahooInterval,
  fromSec: number,
  untilSec: number,
  nowSec: number,
): Promise<YahooBar[]> {
  const limits = YAHOO_LIMITS[interval];
  const start = Math.max(Math.floor(fromSec), Math.floor(nowSec - limits.backSec));
  const end = Math.ceil(untilSec);
  const out: YahooBar[] = [];
  for (let p1 = start; p1 < end; p1 += limits.spanSec) {
    const p2 = Math.min(end, p1 + limits.spanSec);
    const body = await rest.get(`/v8/finance/chart/${encodeURIComponent(yahooSymbol)}`, {
      interval,
      period1: p1,
      period2: p2,
      includePrePost: interval === '1d' ? undefined : 'true',
    });
    for (const bar of parseChart(body)) if (bar.time >= p1 && bar.time < p2 && (out.at(-1)?.time ?? -1) < bar.time) out.push(bar);
  }
  return out;
}
