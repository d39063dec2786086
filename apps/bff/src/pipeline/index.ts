import {
  bucketStart,
  calendarFor,
  createCandleAggregator,
  isTradingBucket,
  nextBucketStart,
  toCandle,
  volumeDecimals,
  type CandleAggregator,
  type CandleEvent,
  type EmptyBucketPolicy,
  type Instrument,
  type MarketId,
} from '@candlewire/market';
import { INTERVALS, INTERVAL_SECONDS, parseChannel, type Candle, type CandleUpdate, type Interval, type Quote, type QuoteState } from '@candlewire/protocol';
import type { Broker } from '../broker/types';
import type { MarketSource, SourceTrade } from '../sources/types';
import { buildQuote, type LastPrint } from './quotes';
import { createThrottle } from './throttle';

/** Options of the pipeline. */
export interface PipelineOptions {
  source: MarketSource;
  broker: Broker;
  /** Minimum time between two updates of one quote or candle channel. */
  throttleMs: number;
  emptyBuckets: EmptyBucketPolicy;
  now?: () => number;
}

/** Turns a source's trades into trades, quotes and candles on the broker's channels. */
export interface Pipeline {
  /** Resolves when every symbol's forming candles and previous close are loaded and live delivery runs. */
  start(): Promise<void>;
  stop(): void;
  instruments(): readonly Instrument[];
  instrument(symbol: string): Instrument | undefined;
  /** Candles strictly before `beforeSec`, oldest first, at most `limit`: what the live channel published. */
  candles(symbol: string, interval: Interval, beforeSec: number, limit: number): Promise<Candle[]>;
  /** Loads the snapshot history of a candles channel (the broker's seeder). */
  seedSnapshot(channel: string): Promise<CandleUpdate[] | null>;
  /** Trades from the source that named no known instrument. */
  rejectedTrades(): number;
  /**
   * Read-only taps for on-demand consumers (market pulse): `trades` sees every batch after it was
   * aggregated (do not mutate it). Returns the detach function.
   */
  tap(listener: PipelineTap): () => void;
  /** The current quote of every symbol that has a price (what `quote:{SYMBOL}` would show now). */
  quotes(): Quote[];
  /**
   * End of `market`'s trading day (session scheduler): publishes each of its forming `1d` candles
   * as closed and rolls the baseline (that close is the next session's prevClose). Returns how
   * many were finalized; always-trading symbols have no end of day and are left alone.
   */
  finalizeDay(market: MarketId): number;
}

/** A read-only listener of the pipeline's input. */
export interface PipelineTap {
  trades(batch: readonly SourceTrade[]): void;
}

interface SymbolState {
  instrument: Instrument;
  decimals: number;
  aggregators: Record<Interval, CandleAggregator>;
  last: LastPrint | null;
  prevClose: number | null;
  state: QuoteState;
  /** Start (epoch s) of the `1d` bucket already published closed by `finalizeDay`. */
  finalizedDay: number | null;
}

const QUOTE_STATE_CHECK_MS = 1000;

/** Creates the aggregation pipeline over one source. */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { source, broker, emptyBuckets } = options;
  const now = options.now ?? Date.now;
  const list = source.instruments();
  const bySymbol = new Map(list.map((i) => [i.symbol, i] as const));
  const symbols = new Map<string, SymbolState>();
  const quoteDirty = new Set<SymbolState>();
  const throttle = createThrottle(options.throttleMs, (channel, data) => broker.publish(channel, data));
  let watermark = now();
  let lastStateCheck = 0;
  let rejected = 0;
  const taps = new Set<PipelineTap>();

  const aggregatorFor = (instrument: Instrument, interval: Interval): CandleAggregator => {
    const calendar = calendarFor(instrument.market);
    return createCandleAggregator({
      interval,
      timezone: instrument.timezone,
      volumeDecimals: volumeDecimals(instrument),
      emptyBuckets,
      // NOTE: must match the source's own history, or REST and live candles would differ.
      ...(source.alwaysTrading(instrument.symbol) ? {} : { isTradingBucket: (start: number) => isTradingBucket(calendar, interval, start) }),
    });
  };

  const quoteState = (s: SymbolState, at: number): QuoteState => {
    if (source.health().state === 'stale') return 'stale';
    return source.isTrading(s.instrument.symbol, at) ? 'live' : 'closed';
  };

  const offerQuote = (s: SymbolState, at: number): void => {
    if (s.last === null) return;
    const day = s.aggregators['1d'].current();
    const quote = buildQuote({ instrument: s.instrument, volumeDecimals: s.decimals, last: s.last, day, prevClose: s.prevClose, state: s.state });
    throttle.offer(`quote:${s.instrument.symbol}`, quote, at);
  };

  const onCandles = (s: SymbolState, interval: Interval, events: CandleEvent[], at: number): void => {
    const channel = `candles:${s.instrument.symbol}:${interval}`;
    for (const { candle, closed } of events) {
      if (closed && interval === '1d' && candle.time === s.finalizedDay) {
        // NOTE: finalizeDay already published this day closed; the aggregator closes it again at midnight.
        s.prevClose = candle.close;
        continue;
      }
      // NOTE: a late print after the close reopens a finalized day: its midnight close is then published.
      if (!closed && interval === '1d' && candle.time === s.finalizedDay) s.finalizedDay = null;
      const data: CandleUpdate = { ...toCandle(candle, s.decimals), closed };
      if (!closed) {
        throttle.offer(channel, data, at);
        continue;
      }
      // NOTE: a closed candle supersedes its pending forming state and is never throttled.
      throttle.drop(channel);
      broker.publish(channel, data);
      if (interval === '1d') s.prevClose = candle.close;
    }
  };

  const onTrade = (t: SourceTrade, at: number): void => {
    const s = symbols.get(t.symbol);
    if (s === undefined) {
      rejected++;
      return;
    }
    broker.publish(`trades:${t.symbol}`, { id: t.id, price: t.price, size: t.size, side: t.side, time: t.time });
    for (const interval of INTERVALS) onCandles(s, interval, s.aggregators[interval].add(t), at);
    s.last = { price: t.price, bid: t.bid, ask: t.ask, time: t.time };
    quoteDirty.add(s);
  };

  const onWatermark = (ms: number): void => {
    watermark = Math.max(watermark, ms);
    const at = now();
    for (const s of symbols.values()) {
      for (const interval of INTERVALS) {
        const events = s.aggregators[interval].advance(watermark);
        if (events.length > 0) onCandles(s, interval, events, at);
      }
    }
    if (at - lastStateCheck >= QUOTE_STATE_CHECK_MS) {
      lastStateCheck = at;
      for (const s of symbols.values()) {
        const state = quoteState(s, at);
        if (state !== s.state) {
          s.state = state;
          quoteDirty.add(s);
        }
      }
    }
    for (const s of quoteDirty) offerQuote(s, at);
    quoteDirty.clear();
    throttle.flush(at);
  };

  const seedSymbol = async (instrument: Instrument, t0: number): Promise<SymbolState> => {
    const aggregators = {} as Record<Interval, CandleAggregator>;
    const s: SymbolState = { instrument, decimals: volumeDecimals(instrument), aggregators, last: null, prevClose: null, state: 'live', finalizedDay: null };
    const day = bucketStart('1d', t0, instrument.timezone);
    const days = await source.history(instrument.symbol, '1d', day - 15 * 86_400, t0);
    const today = days.at(-1)?.time === day ? days.at(-1) : undefined;
    const previous = days.filter((c) => c.time < day).at(-1);
    s.prevClose = previous?.close ?? null;
    for (const interval of INTERVALS) {
      const agg = aggregatorFor(instrument, interval);
      aggregators[interval] = agg;
      const current = bucketStart(interval, t0, instrument.timezone);
      const recent = interval === '1d' ? days : await source.history(instrument.symbol, interval, current - INTERVAL_SECONDS[interval], t0);
      const forming = recent.at(-1)?.time === current ? recent.at(-1) ?? null : null;
      const lastClose = recent.filter((c) => c.time < current).at(-1)?.close ?? previous?.close ?? today?.close ?? null;
      agg.seed(forming, forming?.close ?? lastClose);
    }
    const price = today?.close ?? s.prevClose;
    if (price !== null) s.last = { price, bid: price, ask: price, time: t0 };
    s.state = quoteState(s, t0);
    return s;
  };

  const bucketEnd = (instrument: Instrument, interval: Interval, sec: number): number =>
    nextBucketStart(interval, bucketStart(interval, sec * 1000, instrument.timezone), instrument.timezone);

  const candles = async (symbol: string, interval: Interval, beforeSec: number, limit: number): Promise<Candle[]> => {
    const s = symbols.get(symbol);
    if (s === undefined) return [];
    const current = bucketStart(interval, watermark, s.instrument.timezone);
    const until = Math.min(current, bucketEnd(s.instrument, interval, Math.min(beforeSec, current + 1) - 1));
    const span = interval === '1d' ? 86_400 * Math.ceil(limit * 1.5 + 10) : INTERVAL_SECONDS[interval] * limit;
    let out: Candle[] = [];
    // NOTE: session gaps (skipped buckets) can leave a window short: widen it a few times.
    for (let widen = 1; widen <= 16 && out.length < limit; widen *= 4) {
      const rows = await source.history(symbol, interval, until - span * widen, until * 1000);
      out = rows.filter((c) => c.time < beforeSec && c.time < until).map((c) => toCandle(c, s.decimals));
    }
    const forming = s.aggregators[interval].current();
    if (forming !== null && forming.time === current && forming.time < beforeSec) out.push(toCandle(forming, s.decimals));
    return out.slice(-limit);
  };

  return {
    async start() {
      const t0 = now();
      watermark = t0;
      for (const instrument of list) symbols.set(instrument.symbol, await seedSymbol(instrument, t0));
      for (const s of symbols.values()) offerQuote(s, t0);
      throttle.flush(t0 + options.throttleMs);
      source.start(
        {
          trades: (batch) => {
            const at = now();
            for (const t of batch) onTrade(t, at);
            for (const tap of taps) tap.trades(batch);
          },
          watermark: onWatermark,
          quotes: (batch) => {
            for (const q of batch) {
              const s = symbols.get(q.symbol);
              if (s === undefined || s.last === null) continue;
              s.last = { ...s.last, bid: q.bid, ask: q.ask };
              quoteDirty.add(s);
            }
          },
          // TODO(issue 4): venue candles replace their bucket (revision to clients); owned by the routing work.
          candles: () => undefined,
          symbolState: () => undefined,
        },
        t0,
      );
    },
    stop: () => source.stop(),
    instruments: () => list,
    instrument: (symbol) => bySymbol.get(symbol),
    candles,
    async seedSnapshot(channel) {
      const parsed = parseChannel(channel);
      if (!parsed.ok || parsed.channel.kind !== 'candles') return null;
      const { symbol, interval } = parsed.channel;
      const timezone = bySymbol.get(symbol)?.timezone ?? 'UTC';
      const rows = await candles(symbol, interval, Infinity, 500);
      const current = bucketStart(interval, watermark, timezone);
      return rows.map((c) => ({ ...c, closed: c.time < current }));
    },
    rejectedTrades: () => rejected,
    tap(listener) {
      // NOTE: a wrapper per call, so the same listener object can be tapped and detached twice.
      const entry: PipelineTap = { trades: (batch) => listener.trades(batch) };
      taps.add(entry);
      return () => void taps.delete(entry);
    },
    quotes() {
      const out: Quote[] = [];
      for (const s of symbols.values()) {
        if (s.last === null) continue;
        out.push(buildQuote({ instrument: s.instrument, volumeDecimals: s.decimals, last: s.last, day: s.aggregators['1d'].current(), prevClose: s.prevClose, state: s.state }));
      }
      return out;
    },
    finalizeDay(market) {
      let count = 0;
      for (const s of symbols.values()) {
        if (s.instrument.market !== market || source.alwaysTrading(s.instrument.symbol)) continue;
        const day = s.aggregators['1d'].current();
        if (day === null || s.finalizedDay === day.time) continue;
        s.finalizedDay = day.time;
        const channel = `candles:${s.instrument.symbol}:1d`;
        throttle.drop(channel);
        broker.publish(channel, { ...toCandle(day, s.decimals), closed: true });
        count++;
      }
      return count;
    },
  };
}
