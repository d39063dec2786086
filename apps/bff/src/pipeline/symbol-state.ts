import {
  bucketStart,
  createInstrumentAggregator,
  volumeDecimals,
  type CandleAggregator,
  type EmptyBucketPolicy,
  type Instrument,
} from '@candlewire/market';
import { INTERVALS, INTERVAL_SECONDS, type Candle, type Interval, type QuoteState } from '@candlewire/protocol';
import type { MarketSource } from '../sources/types';
import type { LastPrint } from './quotes';

/** The symbols of one source, which share that source's watermark. */
export interface SourceGroup {
  id: string;
  /** Every trade of this source with `time <` this has been delivered. */
  watermark: number;
  members: Set<SymbolState>;
}

/** Live state of one active symbol. */
export interface SymbolState {
  instrument: Instrument;
  decimals: number;
  owner: MarketSource;
  group: SourceGroup;
  aggregators: Record<Interval, CandleAggregator>;
  last: LastPrint | null;
  prevClose: number | null;
  /** Bucket time of the `1d` candle `prevClose` comes from. */
  prevCloseTime: number | null;
  state: QuoteState;
  /** Start (epoch s) of the `1d` bucket already published closed by `finalizeDay`. */
  finalizedDay: number | null;
  /** When it was seeded: history covers trades before it, so it counts as a watermark. */
  seededAt: number;
  /** Closed candles revised by the venue, by interval then bucket time (REST serves these over history). */
  revisions: Map<Interval, Map<number, Candle>>;
}

/** Revised candles kept per symbol and interval. */
export const MAX_REVISIONS = 1000;

/** The aggregator of one instrument and interval, gated like `owner`'s own history. */
export function createAggregatorFor(
  owner: MarketSource,
  instrument: Instrument,
  interval: Interval,
  emptyBuckets: EmptyBucketPolicy,
): CandleAggregator {
  // NOTE: must match the source's own history, or REST and live candles would differ.
  return createInstrumentAggregator(instrument, interval, { emptyBuckets, alwaysTrading: owner.alwaysTrading(instrument.symbol) });
}

/** Inputs of `seedSymbol`. */
export interface SeedInputs {
  owner: MarketSource;
  group: SourceGroup;
  instrument: Instrument;
  emptyBuckets: EmptyBucketPolicy;
  /** Seed time: history covers trades before it, the stream those at or after it. */
  t0: number;
}

/** Loads a symbol's forming candles and previous close from its source's history. */
export async function seedSymbol({ owner, group, instrument, emptyBuckets, t0 }: SeedInputs): Promise<SymbolState> {
  const aggregators = {} as Record<Interval, CandleAggregator>;
  const s: SymbolState = {
    instrument,
    decimals: volumeDecimals(instrument),
    owner,
    group,
    aggregators,
    last: null,
    prevClose: null,
    prevCloseTime: null,
    state: 'live',
    finalizedDay: null,
    seededAt: t0,
    revisions: new Map(),
  };
  const { symbol } = instrument;
  const day = bucketStart('1d', t0, instrument.timezone);
  const days = await owner.history(symbol, '1d', day - 15 * 86_400, t0);
  const today = days.at(-1)?.time === day ? days.at(-1) : undefined;
  const previous = days.filter((c) => c.time < day).at(-1);
  s.prevClose = previous?.close ?? null;
  s.prevCloseTime = previous?.time ?? null;
  for (const interval of INTERVALS) {
    const agg = createAggregatorFor(owner, instrument, interval, emptyBuckets);
    aggregators[interval] = agg;
    const current = bucketStart(interval, t0, instrument.timezone);
    const recent = interval === '1d' ? days : await owner.history(symbol, interval, current - INTERVAL_SECONDS[interval], t0);
    const forming = recent.at(-1)?.time === current ? (recent.at(-1) ?? null) : null;
    const lastClose = recent.filter((c) => c.time < current).at(-1)?.close ?? previous?.close ?? today?.close ?? null;
    agg.seed(forming, forming?.close ?? lastClose);
  }
  const price = today?.close ?? s.prevClose;
  if (price !== null) s.last = { price, bid: price, ask: price, time: t0 };
  return s;
}

/** The symbol's watermark: its source's, or its seed time if later (a source that has been quiet). */
export function watermarkOf(s: SymbolState): number {
  return Math.max(s.group.watermark, s.seededAt);
}

/** Records a revised closed candle, forgetting the oldest beyond MAX_REVISIONS. */
export function recordRevision(s: SymbolState, interval: Interval, candle: Candle): void {
  let byTime = s.revisions.get(interval);
  if (byTime === undefined) {
    byTime = new Map();
    s.revisions.set(interval, byTime);
  }
  byTime.delete(candle.time);
  byTime.set(candle.time, candle);
  if (byTime.size > MAX_REVISIONS) {
    const oldest = byTime.keys().next();
    if (oldest.done !== true) byTime.delete(oldest.value);
  }
}
