import type { Instrument } from '@candlewire/market';
import type { MarketSource, SourceSink, SourceState, SourceStats } from '../types';
import { resolveOwnership, type RouteTable } from './routes';

/** A sink that can tell the sources' watermarks apart (the pipeline): a slow venue never holds back a fast one. */
export interface RoutedSink extends SourceSink {
  /** Like `watermark`, for the symbols owned by source `sourceId` only. */
  watermarkOf?(sourceId: string, ms: number): void;
}

/** One `MarketSource` composed of several, each symbol served by exactly one of them. */
export interface RouterSource extends MarketSource {
  start(sink: RoutedSink, fromMs: number): void;
  /** Subscribes each symbol at its owner, when the owner streams on demand; others are ignored. */
  subscribe(symbols: readonly string[]): void;
  unsubscribe(symbols: readonly string[]): void;
  stats(): SourceStats;
  /** The composed sources, in configuration order. */
  sources(): readonly MarketSource[];
  /** The source that serves `symbol`. */
  ownerOf(symbol: string): MarketSource | undefined;
  /** True when `symbol`'s source streams on demand (has `subscribe`): interest drives its upstream. */
  isOnDemand(symbol: string): boolean;
  /** How many symbols are subscribed upstream at source `sourceId`. */
  subscribedCount(sourceId: string): number;
}

/** Options of `createRouterSource`. */
export interface RouterOptions {
  sources: readonly MarketSource[];
  routes?: RouteTable;
}

const SEVERITY = { live: 0, closed: 1, stale: 2, down: 3 } as const satisfies Record<SourceState, number>;

/** The worse of two states: down > stale > closed > live. */
export function worseState(a: SourceState, b: SourceState): SourceState {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** True when `source` is a router (has per-symbol owners). */
export function isRouterSource(source: MarketSource): source is RouterSource {
  return 'ownerOf' in source && 'sources' in source;
}

/** Composes `sources` per `routes` (instruments = union, per-symbol calls go to the owner). */
export function createRouterSource(options: RouterOptions): RouterSource {
  const { sources } = options;
  if (sources.length === 0) throw new Error('router: no source');
  const { instruments, owners } = resolveOwnership(sources, options.routes ?? { markets: {}, symbols: {} });
  const subscribed = new Map<MarketSource, Set<string>>(sources.map((s) => [s, new Set()]));
  // NOTE: a source that owns every symbol it lists needs no filtering of what it delivers.
  const exclusive = new Set(sources.filter((s) => s.instruments().every((i) => owners.get(i.symbol) === s)));

  const mine =
    (s: MarketSource) =>
    (item: { symbol: string }): boolean => {
      const owner = owners.get(item.symbol);
      // NOTE: unknown symbols pass through so the pipeline counts them as rejected.
      return owner === s || owner === undefined;
    };

  const sinkFor = (s: MarketSource, sink: RoutedSink, watermarks: Map<MarketSource, number>): SourceSink => {
    const keep = mine(s);
    const filter = <T extends { symbol: string }>(batch: T[]): T[] => (exclusive.has(s) ? batch : batch.filter(keep));
    const watermarkOf = sink.watermarkOf?.bind(sink);
    return {
      trades: (batch) => {
        const kept = filter(batch);
        if (kept.length > 0) sink.trades(kept);
      },
      quotes: (batch) => {
        const kept = filter(batch);
        if (kept.length > 0) sink.quotes(kept);
      },
      candles: (batch) => {
        const kept = filter(batch);
        if (kept.length > 0) sink.candles(kept);
      },
      symbolState: (symbol, state) => {
        if (keep({ symbol })) sink.symbolState(symbol, state);
      },
      watermark: (ms) => {
        if (watermarkOf !== undefined) return watermarkOf(s.id, ms);
        // NOTE: a plain sink has one watermark: the slowest source's, so no source's buckets close early.
        watermarks.set(s, ms);
        if (watermarks.size === sources.length) sink.watermark(Math.min(...watermarks.values()));
      },
    };
  };

  const byOwner = (symbols: readonly string[]): Map<MarketSource, string[]> => {
    const out = new Map<MarketSource, string[]>();
    for (const symbol of new Set(symbols)) {
      const owner = owners.get(symbol);
      if (owner === undefined) continue;
      const list = out.get(owner) ?? [];
      list.push(symbol);
      out.set(owner, list);
    }
    return out;
  };

  const ownerOf = (symbol: string): MarketSource | undefined => owners.get(symbol);

  return {
    id: sources.map((s) => s.id).join('+'),
    instruments: (): readonly Instrument[] => instruments,
    start(sink, fromMs) {
      const watermarks = new Map<MarketSource, number>();
      for (const s of sources) s.start(sinkFor(s, sink, watermarks), fromMs);
    },
    stop() {
      for (const s of sources) s.stop();
    },
    health() {
      let state: SourceState = 'live';
      let lastMessageAt: number | null = null;
      for (const s of sources) {
        const h = s.health();
        // NOTE: an on-demand source nobody watches has no connection to keep: not a fault.
        const idle = s.subscribe !== undefined && subscribed.get(s)?.size === 0;
        if (!idle) state = worseState(state, h.state);
        if (h.lastMessageAt !== null) lastMessageAt = Math.max(lastMessageAt ?? -Infinity, h.lastMessageAt);
      }
      return { state, lastMessageAt };
    },
    isTrading: (symbol, ms) => ownerOf(symbol)?.isTrading(symbol, ms) ?? false,
    alwaysTrading: (symbol) => ownerOf(symbol)?.alwaysTrading(symbol) ?? false,
    simulated: (symbol) => ownerOf(symbol)?.simulated?.(symbol) ?? false,
    history(symbol, interval, fromSec, untilMs) {
      const owner = ownerOf(symbol);
      return owner === undefined ? Promise.resolve([]) : owner.history(symbol, interval, fromSec, untilMs);
    },
    subscribe(symbols) {
      for (const [owner, list] of byOwner(symbols)) {
        if (owner.subscribe === undefined) continue;
        const set = subscribed.get(owner);
        const fresh = list.filter((symbol) => !set?.has(symbol));
        for (const symbol of fresh) set?.add(symbol);
        if (fresh.length > 0) owner.subscribe(fresh);
      }
    },
    unsubscribe(symbols) {
      for (const [owner, list] of byOwner(symbols)) {
        if (owner.unsubscribe === undefined) continue;
        const set = subscribed.get(owner);
        const gone = list.filter((symbol) => set?.has(symbol));
        for (const symbol of gone) set?.delete(symbol);
        if (gone.length > 0) owner.unsubscribe(gone);
      }
    },
    stats() {
      const total: SourceStats = { rejectedFrames: 0, connects: 0, frames: 0 };
      for (const s of sources) {
        const st = s.stats?.();
        if (st === undefined) continue;
        total.rejectedFrames += st.rejectedFrames;
        total.connects += st.connects;
        total.frames += st.frames;
      }
      return total;
    },
    sources: () => sources,
    ownerOf,
    isOnDemand: (symbol) => ownerOf(symbol)?.subscribe !== undefined,
    subscribedCount(sourceId) {
      const s = sources.find((x) => x.id === sourceId);
      return s === undefined ? 0 : (subscribed.get(s)?.size ?? 0);
    },
  };
}
