import { bucketStart } from '@candlewire/market';
import { parseChannel, type Candle, type CandleUpdate, type Interval, type Quote } from '@candlewire/protocol';
import type { SourceState, SourceTrade } from '../sources/types';
import { createActivations } from './activation';
import { createAggregateStage } from './aggregate';
import { queryCandles } from './candle-query';
import { finalizeDay } from './finalize-day';
import { createIngestStage } from './ingest';
import { activationHooks, seedAlwaysStreaming, type LifecycleInputs } from './lifecycle';
import { createPublishStage } from './publish';
import { symbolQuote } from './quotes';
import { createStateCheck } from './state-check';
import { createSymbolHealth, type SymbolHealth } from './symbol-health';
import { watermarkOf } from './symbol-state';
import { createSymbolTable, type SymbolTable } from './symbol-table';
import { createThrottleStage, type ThrottleStage } from './throttle-stage';
import type { Pipeline, PipelineOptions, PipelineTap } from './types';

export type { Pipeline, PipelineOptions, PipelineSource, PipelineTap } from './types';

/**
 * Creates the aggregation pipeline over one source (a router of several, or one), in four stages:
 * ingest (the source's sink routes each event to its symbol) → aggregate (a trade becomes candles
 * and a last print) → throttle (quotes and forming candles conflated per channel) → publish (the
 * broker's channels). See the README.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { source, throttleMs, emptyBuckets } = options;
  const now = options.now ?? Date.now;
  const table = createSymbolTable(source, now);
  const health = createSymbolHealth();
  const taps = new Set<PipelineTap>();
  // NOTE: built last stage first: each stage hands on to the next.
  const publish = createPublishStage(options.broker);
  const throttle = createThrottleStage({ throttleMs, now, publish, quoteOf: symbolQuote });
  const aggregate = createAggregateStage(throttle);
  const lifecycle: LifecycleInputs = { table, health, aggregate, throttle, emptyBuckets, now };
  const activations = createActivations(activationHooks(lifecycle));
  const ingest = createIngestStage({
    now,
    active: (symbol) => table.active(symbol),
    hold: (symbol, event) => activations.hold(symbol, event),
    isKnown: (symbol) => table.instrument(symbol) !== undefined,
    apply: (s, event, at) => aggregate.apply(s, event, at),
    advance(sourceId, ms, at) {
      for (const g of table.groups()) if (sourceId === null || g.id === sourceId) aggregate.advance(g, ms, at);
    },
    tapped(batch: readonly SourceTrade[]) {
      for (const tap of taps) tap.trades(batch);
    },
    checkStates: createStateCheck({
      actives: () => table.actives(),
      quoteState: (s, at) => health.quoteState(s, at),
      changed: (s) => throttle.quoteChanged(s),
    }),
    flush: (at, lazy) => (lazy ? throttle.flushLazy(at) : throttle.flush(at)),
    symbolState: (symbol, state) => onSymbolState(table, health, throttle, symbol, state, now()),
  });

  const candles = async (symbol: string, interval: Interval, beforeSec: number, limit: number): Promise<Candle[]> => {
    const instrument = table.instrument(symbol);
    if (instrument === undefined) return [];
    const s = table.active(symbol) ?? null;
    const watermark = s === null ? now() : watermarkOf(s);
    return queryCandles({ source, instrument, state: s, watermark, interval, beforeSec, limit });
  };

  return {
    async start() {
      const t0 = now();
      await seedAlwaysStreaming(lifecycle, t0);
      throttle.prime(table.actives(), t0);
      source.start(ingest.sink, t0);
      activations.started();
    },
    stop: () => {
      throttle.stop();
      activations.stop();
      source.stop();
    },
    instruments: () => table.list,
    instrument: (symbol) => table.instrument(symbol),
    candles,
    async seedSnapshot(channel) {
      const parsed = parseChannel(channel);
      if (!parsed.ok || parsed.channel.kind === 'markets' || parsed.channel.kind === 'alerts') return null;
      const { symbol } = parsed.channel;
      if (table.instrument(symbol) === undefined) return null;
      await activations.activate(symbol);
      if (parsed.channel.kind !== 'candles') return null;
      return { channel: parsed.channel.name, items: await candleSnapshot(table, candles, symbol, parsed.channel.interval, now) };
    },
    activate: (symbol) => activations.activate(symbol),
    deactivate: (symbol) => activations.deactivate(symbol),
    symbolStates: () => health.states,
    rejectedTrades: () => ingest.rejectedTrades(),
    rejectedCandles: () => ingest.rejectedCandles() + aggregate.rejectedCandles(),
    tap(listener) {
      // NOTE: a wrapper per call, so the same listener object can be tapped and detached twice.
      const entry: PipelineTap = { trades: (batch) => listener.trades(batch) };
      taps.add(entry);
      return () => void taps.delete(entry);
    },
    quotes() {
      const out: Quote[] = [];
      for (const s of table.actives()) {
        const quote = symbolQuote(s);
        if (quote !== null) out.push(quote);
      }
      return out;
    },
    finalizeDay: (market) => finalizeDay({ symbols: table.actives(), market, out: throttle }),
  };
}

/** A source's report on one symbol: kept for `/api/status`; a changed quote state goes out at once. */
function onSymbolState(
  table: SymbolTable,
  health: SymbolHealth,
  throttle: ThrottleStage,
  symbol: string,
  state: SourceState,
  at: number,
): void {
  if (table.instrument(symbol) === undefined) return;
  const s = table.active(symbol);
  // NOTE: a state change bypasses the throttle: a stale source may send nothing that would flush it.
  if (health.report(symbol, state, s, at) && s !== undefined) throttle.quoteNow(s, at);
}

/** The snapshot of a candles channel: its last 500 candles, the current bucket forming. */
async function candleSnapshot(
  table: SymbolTable,
  candles: Pipeline['candles'],
  symbol: string,
  interval: Interval,
  now: () => number,
): Promise<CandleUpdate[]> {
  const timezone = table.instrument(symbol)?.timezone ?? 'UTC';
  const rows = await candles(symbol, interval, Infinity, 500);
  const s = table.active(symbol);
  const current = bucketStart(interval, s === undefined ? now() : watermarkOf(s), timezone);
  return rows.map((c) => ({ ...c, closed: c.time < current }));
}
