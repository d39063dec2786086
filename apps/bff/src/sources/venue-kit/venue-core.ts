/**
 * The venue-agnostic half of an interest-driven streaming source (Alpaca, Yahoo): the wanted
 * set, per-symbol health, watermark, recent trades for 1s history, the sink, gap tracking with
 * REST repair on reconnect, REST history with its error policy and the source-level health.
 * The venue half owns the socket, its protocol and the frame mapping.
 */
import { calendarFor, statusAt, type CandleState, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { Logger } from 'pino';
import type { MarketSource, SourceSink, SourceState, SourceStats } from '../types';
import { candlesFromBars, candlesFromTrades, type VenueBar } from './bar-candles';
import { repairGap, type GapRepairJob } from './gap-repair';
import { createRecentTrades, type RecentTrades } from './recent-trades';
import { createSymbolHealth, type SymbolHealth } from './symbol-health';
import type { VenueSocketOptions } from './venue-socket';
import { createWatermark, type VenueWatermark } from './watermark';

/** Options every streaming venue source shares. */
export interface VenueSourceOptions {
  /** Stream URL. */
  wsUrl: string;
  /** REST base URL. */
  restUrl: string;
  emptyBuckets: EmptyBucketPolicy;
  /** Instruments to serve (default: the venue's markets of INSTRUMENTS). */
  instruments?: readonly Instrument[];
  /** A trading symbol not heard from for this long is stale, ms (default 60,000). */
  staleMs?: number;
  /** Reconnect backoff (full jitter): first delay scale and cap, ms (defaults 500 / 30,000). */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** REST requests in flight at most (default 4). */
  restConcurrency?: number;
  /** Watermark = now − this, ms (default 1000): a trade's time is never earlier than the watermark. */
  watermarkLagMs?: number;
  /** Trades kept for 1s history, ms (default 15 minutes). */
  recentTradesMs?: number;
  now?: () => number;
  random?: () => number;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

/** A market source fed by a venue: interest-driven upstream and its own counters. */
export interface VenueSource<S extends SourceStats> extends MarketSource {
  subscribe(symbols: readonly string[]): void;
  unsubscribe(symbols: readonly string[]): void;
  stats(): S;
}

/** Counters the core keeps on the source's stats object. */
export type VenueCoreStats = Pick<SourceStats, 'frames'> & { restErrors: number; repairedCandles: number };

/** What the venue half tells the core. */
export interface VenueCoreSpec {
  /** Venue name for logs and errors (`alpaca`). */
  name: string;
  /** The instruments served (already filtered to the venue's markets). */
  instruments: readonly Instrument[];
  /** The source's stats object; the core counts frames, REST errors and repaired candles on it. */
  stats: VenueCoreStats;
  /** Bar fetchers for repairing `symbol` up to `untilMs`, or undefined to skip it. */
  repairBars(symbol: string, untilMs: number): Pick<GapRepairJob, 'minuteBars' | 'dayBars'> | undefined;
}

/** The shared state and behaviour of a streaming venue source. */
export interface VenueCore {
  readonly instruments: readonly Instrument[];
  readonly bySymbol: ReadonlyMap<string, Instrument>;
  /** Our symbols wanted upstream. */
  readonly wanted: ReadonlySet<string>;
  readonly health: SymbolHealth;
  readonly watermark: VenueWatermark;
  readonly recent: RecentTrades;
  /** URL, pacing, backoff and clock of the venue socket (spread into `createVenueSocket`). */
  readonly socketBase: Pick<VenueSocketOptions, 'url' | 'pacing' | 'backoff' | 'now'>;
  /** The attached sink, or null before `attach` / after `detach`. */
  sink(): SourceSink | null;
  readonly isTrading: (symbol: string, ms: number) => boolean;
  /** Counts a frame; returns its arrival time. */
  heardFrame(): number;
  lastMessageAt(): number | null;
  /** A connection now delivers data: symbols go live, a pending gap is repaired from REST. */
  connected(): void;
  /** The connection is gone; with `hadData` its end starts a gap. */
  disconnected(hadData: boolean): void;
  /** Attaches `target` (false when a sink is already attached) and starts the watermark. */
  attach(target: SourceSink): boolean;
  /** Stops timers and detaches the sink. */
  detach(): void;
  /** Source health: `live` only when `live`, then stale / closed by the wanted symbols' sessions. */
  sourceHealth(live: boolean, quietSince: number | null): { state: SourceState; lastMessageAt: number | null };
  /** REST history: `fetchBars` null = from recent trades (1s); a failing fetch costs only this call. */
  history(
    symbol: string,
    interval: Interval,
    fromSec: number,
    untilMs: number,
    fetchBars: (() => Promise<readonly VenueBar[]>) | null,
  ): Promise<CandleState[]>;
  /** Adds the known, not yet wanted symbols of `list`; returns them. */
  want(list: readonly string[]): string[];
  /** Removes the wanted symbols of `list`; returns them. */
  unwant(list: readonly string[]): string[];
}

/** Creates the core of a streaming venue source. */
export function createVenueCore(options: VenueSourceOptions, spec: VenueCoreSpec): VenueCore {
  const now = options.now ?? Date.now;
  const log = options.logger;
  const staleMs = options.staleMs ?? 60_000;
  const { name, instruments, stats } = spec;
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i] as const));
  const wanted = new Set<string>();
  const watermark = createWatermark({ lagMs: options.watermarkLagMs ?? 1000, now });
  const recent = createRecentTrades(options.recentTradesMs ?? 15 * 60_000);
  let sink: SourceSink | null = null;
  let lastMessageAt: number | null = null;
  let gapStartMs: number | null = null;

  const isTrading = (symbol: string, ms: number): boolean => {
    const instrument = bySymbol.get(symbol);
    return instrument !== undefined && statusAt(calendarFor(instrument.market), ms) !== 'closed';
  };
  const health = createSymbolHealth({ windowMs: staleMs, isTrading, now, onState: (symbol, state) => sink?.symbolState(symbol, state) });

  const repair = async (from: number, until: number): Promise<void> => {
    for (const symbol of [...wanted]) {
      const instrument = bySymbol.get(symbol);
      const bars = spec.repairBars(symbol, until);
      if (instrument === undefined || bars === undefined) continue;
      try {
        const candles = await repairGap({ instrument, gapStartMs: from, untilMs: until, emptyBuckets: options.emptyBuckets, ...bars });
        if (candles.length > 0 && wanted.has(symbol)) {
          stats.repairedCandles += candles.length;
          sink?.candles(candles);
        }
      } catch (err) {
        stats.restErrors++;
        log?.warn({ symbol, err: (err as Error).message }, `${name}: gap repair failed`);
      }
    }
  };

  return {
    instruments,
    bySymbol,
    wanted,
    health,
    watermark,
    recent,
    socketBase: {
      url: () => options.wsUrl,
      // NOTE: neither Alpaca nor Yahoo documents an inbound message limit; the bucket only keeps
      // resubscribe bursts polite.
      pacing: { ratePerSec: 5, burst: 10 },
      backoff: {
        baseMs: options.reconnectBaseMs ?? 500,
        capMs: options.reconnectMaxMs ?? 30_000,
        ...(options.random ? { random: options.random } : {}),
      },
      now,
    },
    sink: () => sink,
    isTrading,
    heardFrame() {
      const at = now();
      stats.frames++;
      lastMessageAt = at;
      return at;
    },
    lastMessageAt: () => lastMessageAt,
    connected() {
      health.setConnected(true);
      if (gapStartMs === null) return;
      const from = gapStartMs;
      gapStartMs = null;
      void repair(from, now());
    },
    disconnected(hadData) {
      if (hadData) gapStartMs ??= now();
      health.setConnected(false);
    },
    attach(target) {
      if (sink !== null) return false;
      sink = target;
      // NOTE: symbols subscribed before start had their first state reported to no sink.
      for (const s of wanted) target.symbolState(s, health.state(s) ?? 'down');
      watermark.start((ms) => sink?.watermark(ms));
      return true;
    },
    detach() {
      watermark.stop();
      health.stop();
      sink = null;
    },
    sourceHealth(live, quietSince) {
      let state: SourceState = live ? 'live' : 'down';
      const quietFor = now() - (lastMessageAt ?? quietSince ?? now());
      const anyTrading = [...wanted].some((s) => isTrading(s, now()));
      if (state === 'live' && anyTrading && quietFor >= staleMs) state = 'stale';
      if (state === 'live' && wanted.size > 0 && !anyTrading) state = 'closed';
      return { state, lastMessageAt };
    },
    async history(symbol, interval, fromSec, untilMs, fetchBars) {
      const instrument = bySymbol.get(symbol);
      if (instrument === undefined) throw new Error(`${name} source: unknown symbol ${symbol}`);
      if (fetchBars === null) return candlesFromTrades(instrument, interval, recent.list(symbol), fromSec, untilMs, options.emptyBuckets);
      try {
        return candlesFromBars(instrument, interval, await fetchBars(), fromSec, untilMs, options.emptyBuckets);
      } catch (err) {
        // NOTE: an unreachable or misbehaving REST API costs this history call its candles, never
        // the caller (the pipeline seeds every symbol at start): counted and logged.
        stats.restErrors++;
        log?.warn({ symbol, interval, err: (err as Error).message }, `${name}: history failed`);
        return [];
      }
    },
    want(list) {
      const added = list.filter((s) => bySymbol.has(s) && !wanted.has(s));
      for (const s of added) {
        wanted.add(s);
        health.watch(s);
      }
      return added;
    },
    unwant(list) {
      const removed = list.filter((s) => wanted.has(s));
      for (const s of removed) {
        wanted.delete(s);
        health.unwatch(s);
        recent.forget(s);
      }
      return removed;
    },
  };
}
