import { bucketStart, toCandle, type CandleEvent, type Instrument } from '@candlewire/market';
import { channel as channels, INTERVALS, parseChannel, type Candle, type CandleUpdate, type Interval, type Quote } from '@candlewire/protocol';
import { isRouterSource } from '../sources/router/router-source';
import type { MarketSource, SourceCandle, SourceQuote, SourceState, SourceTrade } from '../sources/types';
import { createActivations, type PendingEvent } from './activation';
import { queryCandles } from './candle-query';
import { finalizeDay } from './finalize-day';
import { buildQuote } from './quotes';
import { createPipelineSink } from './sink';
import { createSymbolHealth } from './symbol-health';
import { seedSymbol, watermarkOf, type SourceGroup, type SymbolState } from './symbol-state';
import { createThrottle } from './throttle';
import type { Pipeline, PipelineOptions, PipelineTap } from './types';
import { applyVenueCandle, isValidVenueCandle } from './venue-candles';

export type { Pipeline, PipelineOptions, PipelineTap } from './types';

const QUOTE_STATE_CHECK_MS = 1000;

/** Creates the aggregation pipeline over one source (a router of several, or one). */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { source, broker, emptyBuckets } = options;
  const now = options.now ?? Date.now;
  const list = source.instruments();
  const bySymbol = new Map(list.map((i) => [i.symbol, i] as const));
  const ownerOf = (symbol: string): MarketSource => (isRouterSource(source) ? source.ownerOf(symbol) : undefined) ?? source;
  const onDemand = (symbol: string): boolean => ownerOf(symbol).subscribe !== undefined;
  const symbols = new Map<string, SymbolState>();
  const groups = new Map<string, SourceGroup>();
  const quoteDirty = new Set<SymbolState>();
  const throttle = createThrottle(options.throttleMs, (channel, data) => broker.publish(channel, data));
  let lastStateCheck = 0;
  let rejected = 0;
  let rejectedCandles = 0;
  const taps = new Set<PipelineTap>();

  const groupOf = (owner: MarketSource): SourceGroup => {
    let g = groups.get(owner.id);
    if (g === undefined) {
      g = { id: owner.id, watermark: now(), members: new Set() };
      groups.set(owner.id, g);
    }
    return g;
  };

  const health = createSymbolHealth();
  const quoteState = (s: SymbolState, at: number) => health.quoteState(s, at);

  const quoteOf = (s: SymbolState) =>
    s.last === null
      ? null
      : buildQuote({ instrument: s.instrument, volumeDecimals: s.decimals, last: s.last, day: s.aggregators['1d'].current(), prevClose: s.prevClose, state: s.state });

  const offerQuote = (s: SymbolState, at: number): void => {
    const quote = quoteOf(s);
    if (quote !== null) throttle.offer(channels.quote(s.instrument.symbol), quote, at);
  };

  const onCandles = (s: SymbolState, interval: Interval, events: CandleEvent[], at: number): void => {
    const channel = channels.candles(s.instrument.symbol, interval);
    for (const { candle, closed } of events) {
      if (closed && interval === '1d' && candle.time === s.finalizedDay) {
        // NOTE: finalizeDay already published this day closed; the aggregator closes it again at midnight.
        s.prevClose = candle.close;
        s.prevCloseTime = candle.time;
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
      if (interval === '1d') {
        s.prevClose = candle.close;
        s.prevCloseTime = candle.time;
      }
    }
  };

  const venueCtx = { broker, throttle, onCandles, markQuote: (s: SymbolState) => void quoteDirty.add(s) };

  const onTrade = (s: SymbolState, t: SourceTrade, at: number): void => {
    broker.publish(channels.trades(t.symbol), { id: t.id, price: t.price, size: t.size, side: t.side, time: t.time });
    for (const interval of INTERVALS) onCandles(s, interval, s.aggregators[interval].add(t), at);
    s.last = { price: t.price, bid: t.bid, ask: t.ask, time: t.time };
    quoteDirty.add(s);
  };

  const onQuote = (s: SymbolState, q: SourceQuote): void => {
    if (s.last === null) return;
    s.last = { ...s.last, bid: q.bid, ask: q.ask };
    quoteDirty.add(s);
  };

  const onVenueCandle = (s: SymbolState, c: SourceCandle, at: number): void => {
    if (!isValidVenueCandle(s, c)) {
      rejectedCandles++;
      return;
    }
    applyVenueCandle(venueCtx, s, c.interval, c.candle, at);
  };

  const apply = (s: SymbolState, e: PendingEvent, at: number): void => {
    if (e.kind === 'trade') onTrade(s, e.trade, at);
    else if (e.kind === 'quote') onQuote(s, e.quote);
    else onVenueCandle(s, e.candle, at);
  };

  /** Routes one event: live symbol, loading symbol (held), inactive on-demand symbol (dropped), unknown (rejected). */
  const deliver = (symbol: string, e: PendingEvent, at: number): void => {
    const s = symbols.get(symbol);
    if (s !== undefined) return apply(s, e, at);
    if (activations.hold(symbol, e)) return;
    if (bySymbol.has(symbol)) return; // NOTE: an on-demand symbol between unsubscribe and the venue's last frames.
    if (e.kind === 'trade') rejected++;
    else if (e.kind === 'candle') rejectedCandles++;
  };

  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const flushQuotes = (at: number): void => {
    for (const s of quoteDirty) offerQuote(s, at);
    quoteDirty.clear();
    throttle.flush(at);
    // NOTE: a venue may go quiet right after a burst: values held by the throttle must not wait
    // for its next message or watermark. The timer only runs while something is held.
    if (flushTimer === null && throttle.pending()) {
      flushTimer = setTimeout(() => {
        flushTimer = null;
        flushQuotes(now());
      }, Math.max(1, options.throttleMs));
    }
  };

  const advanceGroup = (g: SourceGroup, ms: number, at: number): void => {
    g.watermark = Math.max(g.watermark, ms);
    for (const s of g.members) {
      for (const interval of INTERVALS) {
        const events = s.aggregators[interval].advance(g.watermark);
        if (events.length > 0) onCandles(s, interval, events, at);
      }
    }
  };

  const checkStates = (at: number): void => {
    if (at - lastStateCheck < QUOTE_STATE_CHECK_MS) return;
    lastStateCheck = at;
    for (const s of symbols.values()) {
      const state = quoteState(s, at);
      if (state !== s.state) {
        s.state = state;
        quoteDirty.add(s);
      }
    }
  };

  const onSymbolState = (symbol: string, state: SourceState): void => {
    if (!bySymbol.has(symbol)) return;
    const s = symbols.get(symbol);
    const at = now();
    if (!health.report(symbol, state, s, at) || s === undefined) return;
    const quote = quoteOf(s);
    if (quote === null) return;
    // NOTE: a state change bypasses the throttle: a stale source may send nothing that would flush it.
    const channel = channels.quote(symbol);
    throttle.drop(channel);
    broker.publish(channel, quote);
    throttle.touch(channel, at);
  };

  const seed = async (instrument: Instrument, t0: number): Promise<SymbolState> => {
    const owner = ownerOf(instrument.symbol);
    const s = await seedSymbol({ owner, group: groupOf(owner), instrument, emptyBuckets, t0 });
    s.state = quoteState(s, t0);
    return s;
  };

  const activations = createActivations({
    isOnDemand: (symbol) => bySymbol.has(symbol) && onDemand(symbol),
    isActive: (symbol) => symbols.has(symbol),
    async load(symbol) {
      const instrument = bySymbol.get(symbol);
      if (instrument === undefined) throw new Error(`unknown symbol ${symbol}`);
      const t0 = now();
      return { t0, state: await seed(instrument, t0) };
    },
    enter(symbol, s, pending, t0) {
      symbols.set(symbol, s);
      s.group.members.add(s);
      const at = now();
      // NOTE: history covered trades before t0; held trades at or after it are new.
      for (const e of pending) if (e.kind !== 'trade' || e.trade.time >= t0) apply(s, e, at);
      quoteDirty.add(s);
      flushQuotes(at);
    },
    leave(symbol) {
      // NOTE: a venue's per-symbol state belongs to its subscription, which ends here.
      health.forget(symbol);
      const s = symbols.get(symbol);
      if (s === undefined) return;
      symbols.delete(symbol);
      s.group.members.delete(s);
      quoteDirty.delete(s);
      const names = [channels.quote(symbol), channels.trades(symbol), ...INTERVALS.map((i) => channels.candles(symbol, i))];
      for (const channel of names) {
        throttle.drop(channel);
        // NOTE: the channels' snapshots would go stale while nobody feeds them: the next subscriber reseeds.
        broker.forget(channel);
      }
    },
  });

  const candles = async (symbol: string, interval: Interval, beforeSec: number, limit: number): Promise<Candle[]> => {
    const instrument = bySymbol.get(symbol);
    if (instrument === undefined) return [];
    const s = symbols.get(symbol) ?? null;
    const watermark = s === null ? now() : watermarkOf(s);
    return queryCandles({ source, instrument, state: s, watermark, interval, beforeSec, limit });
  };

  return {
    async start() {
      const t0 = now();
      for (const instrument of list) groupOf(ownerOf(instrument.symbol));
      for (const instrument of list) {
        if (onDemand(instrument.symbol)) continue;
        const s = await seed(instrument, t0);
        symbols.set(instrument.symbol, s);
        s.group.members.add(s);
      }
      for (const g of groups.values()) g.watermark = t0;
      for (const s of symbols.values()) offerQuote(s, t0);
      throttle.flush(t0 + options.throttleMs);
      const sink = createPipelineSink({
        now,
        deliver,
        tapped(batch) {
          for (const tap of taps) tap.trades(batch);
        },
        advance(sourceId, ms, at) {
          for (const g of groups.values()) if (sourceId === null || g.id === sourceId) advanceGroup(g, ms, at);
        },
        checkStates,
        flush: (at, lazy) => (lazy && flushTimer !== null ? undefined : flushQuotes(at)),
        symbolState: onSymbolState,
      });
      source.start(sink, t0);
      activations.started();
    },
    stop: () => {
      if (flushTimer !== null) clearTimeout(flushTimer);
      activations.stop();
      source.stop();
    },
    instruments: () => list,
    instrument: (symbol) => bySymbol.get(symbol),
    candles,
    async seedSnapshot(channel) {
      const parsed = parseChannel(channel);
      if (!parsed.ok || parsed.channel.kind === 'markets' || parsed.channel.kind === 'alerts') return null;
      const { symbol } = parsed.channel;
      if (!bySymbol.has(symbol)) return null;
      await activations.activate(symbol);
      if (parsed.channel.kind !== 'candles') return null;
      const { interval } = parsed.channel;
      const timezone = bySymbol.get(symbol)?.timezone ?? 'UTC';
      const rows = await candles(symbol, interval, Infinity, 500);
      const s = symbols.get(symbol);
      const current = bucketStart(interval, s === undefined ? now() : watermarkOf(s), timezone);
      return { channel: parsed.channel.name, items: rows.map((c) => ({ ...c, closed: c.time < current })) };
    },
    activate: (symbol) => activations.activate(symbol),
    deactivate: (symbol) => activations.deactivate(symbol),
    symbolStates: () => health.states,
    rejectedTrades: () => rejected,
    rejectedCandles: () => rejectedCandles,
    tap(listener) {
      // NOTE: a wrapper per call, so the same listener object can be tapped and detached twice.
      const entry: PipelineTap = { trades: (batch) => listener.trades(batch) };
      taps.add(entry);
      return () => void taps.delete(entry);
    },
    quotes() {
      const out: Quote[] = [];
      for (const s of symbols.values()) {
        const quote = quoteOf(s);
        if (quote !== null) out.push(quote);
      }
      return out;
    },
    finalizeDay: (market) => finalizeDay({ symbols: symbols.values(), market, throttle, broker }),
  };
}
