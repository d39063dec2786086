/**
 * The Yahoo Finance source (keyless; US, China A-shares, Hong Kong): the streamer WebSocket for
 * live ticks (trades derived from `dayVolume`, see ticks.ts), the chart API for history and gap
 * repair. Interest-driven: nothing is asked upstream until `subscribe`.
 */
import { calendarFor, INSTRUMENTS, statusAt, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { Logger } from 'pino';
import type { MarketSource, SourceSink, SourceState, SourceStats } from '../types';
import { candlesFromBars, candlesFromTrades } from '../venue-kit/bar-candles';
import { repairGap } from '../venue-kit/gap-repair';
import { createRecentTrades } from '../venue-kit/recent-trades';
import { createRestClient } from '../venue-kit/rest-json';
import { createSymbolHealth } from '../venue-kit/symbol-health';
import { createVenueSocket } from '../venue-kit/venue-socket';
import { createWatermark } from '../venue-kit/watermark';
import { fetchBars, yahooIntervalFor } from './chart';
import { parseStreamerFrame, subscribeMessage, unsubscribeMessage } from './streamer';
import { createSymbolMap, isYahooMarket } from './symbols';
import { createTickTracker } from './ticks';

/** Options of `createYahooSource`. */
export interface YahooSourceOptions {
  /** Streamer URL (YAHOO_WS_URL). */
  wsUrl: string;
  /** Chart API base URL (YAHOO_REST_URL). */
  restUrl: string;
  emptyBuckets: EmptyBucketPolicy;
  /** Instruments to serve (default: the US, CN and HK instruments). */
  instruments?: readonly Instrument[];
  /** A trading symbol without a tick for this long is stale, ms (default 60,000). */
  staleMs?: number;
  /** Re-send the whole subscription this often, ms, as Yahoo's own clients do (default 15,000). */
  resubscribeMs?: number;
  /** Reconnect backoff (full jitter): first delay scale and cap, ms. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Chart API requests in flight at most (default 4). */
  restConcurrency?: number;
  /** Watermark = now − this, ms (default 1000): a tick's time is never earlier than the watermark. */
  watermarkLagMs?: number;
  /** Derived trades kept for 1s history, ms (default 15 minutes). */
  recentTradesMs?: number;
  now?: () => number;
  random?: () => number;
  logger?: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

/** Counters of the Yahoo source. */
export interface YahooStats extends SourceStats {
  /** Frames for symbols nobody subscribed to, or of a non-pricing type. */
  ignoredFrames: number;
  /** Synthetic trades derived from dayVolume. */
  trades: number;
  /** Chart API calls that failed (history or repair). */
  restErrors: number;
  /** Revised candles sent after gaps. */
  repairedCandles: number;
}

/** The Yahoo source with its counters. */
export interface YahooSource extends MarketSource {
  subscribe(symbols: readonly string[]): void;
  unsubscribe(symbols: readonly string[]): void;
  stats(): YahooStats;
  /** Our symbols currently subscribed upstream. */
  subscribed(): string[];
}

const USER_AGENT = 'Mozilla/5.0 (compatible; candlewire)';

/** Creates the Yahoo source; nothing connects until `start`. */
export function createYahooSource(options: YahooSourceOptions): YahooSource {
  const now = options.now ?? Date.now;
  const instruments = (options.instruments ?? INSTRUMENTS).filter((i) => isYahooMarket(i.market));
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i] as const));
  const symbols = createSymbolMap(instruments);
  const tracker = createTickTracker();
  const rest = createRestClient({ baseUrl: options.restUrl, headers: { 'user-agent': USER_AGENT }, maxConcurrent: options.restConcurrency ?? 4 });
  const watermark = createWatermark({ lagMs: options.watermarkLagMs ?? 1000, now });
  const wanted = new Set<string>();
  const recent = createRecentTrades(options.recentTradesMs ?? 15 * 60_000);
  const stats: YahooStats = { rejectedFrames: 0, connects: 0, frames: 0, ignoredFrames: 0, trades: 0, restErrors: 0, repairedCandles: 0 };
  let sink: SourceSink | null = null;
  let lastMessageAt: number | null = null;
  let gapStartMs: number | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const log = options.logger;

  const isTrading = (symbol: string, ms: number): boolean => {
    const instrument = bySymbol.get(symbol);
    return instrument !== undefined && statusAt(calendarFor(instrument.market), ms) !== 'closed';
  };
  const health = createSymbolHealth({ windowMs: options.staleMs ?? 60_000, isTrading, now, onState: (symbol, state) => sink?.symbolState(symbol, state) });
  const yahooIds = (list: Iterable<string>): string[] => [...list].flatMap((s) => symbols.toYahoo(s) ?? []);

  const repair = async (from: number, until: number): Promise<void> => {
    for (const symbol of [...wanted]) {
      const instrument = bySymbol.get(symbol);
      const yahooSymbol = symbols.toYahoo(symbol);
      if (instrument === undefined || yahooSymbol === undefined) continue;
      try {
        const candles = await repairGap({
          instrument,
          gapStartMs: from,
          untilMs: until,
          emptyBuckets: options.emptyBuckets,
          minuteBars: (f, u) => fetchBars(rest, yahooSymbol, '1m', f, u, until / 1000),
          dayBars: (f, u) => fetchBars(rest, yahooSymbol, '1d', f, u, until / 1000),
        });
        if (candles.length > 0 && wanted.has(symbol)) {
          stats.repairedCandles += candles.length;
          sink?.candles(candles);
        }
      } catch (err) {
        stats.restErrors++;
        log?.warn({ symbol, err: (err as Error).message }, 'yahoo: gap repair failed');
      }
    }
  };

  const onFrame = (text: string): void => {
    const at = now();
    stats.frames++;
    lastMessageAt = at;
    const frame = parseStreamerFrame(text);
    if (frame.kind === 'invalid') {
      stats.rejectedFrames++;
      log?.debug({ reason: frame.reason }, 'yahoo: frame rejected');
      return;
    }
    if (frame.kind === 'other') {
      stats.ignoredFrames++;
      return;
    }
    const symbol = symbols.fromYahoo(frame.data.id);
    const instrument = symbol === undefined ? undefined : bySymbol.get(symbol);
    if (symbol === undefined || instrument === undefined || !wanted.has(symbol)) {
      stats.ignoredFrames++;
      return;
    }
    health.heard(symbol);
    const result = tracker.onTick(instrument, frame.data, at);
    if (result.kind === 'invalid') {
      stats.rejectedFrames++;
      return;
    }
    if (result.kind === 'quote') sink?.quotes([result.quote]);
    if (result.kind !== 'trade') return;
    // NOTE: Yahoo's HK and CN quotes are delayed: stamped no earlier than the watermark.
    const trade = { ...result.trade, time: watermark.stamp(result.trade.time) };
    stats.trades++;
    recent.add(trade);
    sink?.trades([trade]);
  };

  const socket = createVenueSocket({
    url: () => options.wsUrl,
    // NOTE: Yahoo documents no message limit; the bucket only keeps a resubscribe storm polite.
    pacing: { ratePerSec: 5, burst: 10 },
    backoff: { baseMs: options.reconnectBaseMs ?? 500, capMs: options.reconnectMaxMs ?? 30_000, ...(options.random ? { random: options.random } : {}) },
    now,
    onOpen() {
      stats.connects++;
      // NOTE: dayVolume after a gap includes what traded while we were away: the first tick
      // only sets a baseline and the REST repair carries the missed volume.
      tracker.resetBaselines();
      if (wanted.size > 0) socket.send(subscribeMessage(yahooIds(wanted)));
      health.setConnected(true);
      if (gapStartMs !== null) {
        const from = gapStartMs;
        gapStartMs = null;
        void repair(from, now());
      }
      log?.info({ url: options.wsUrl, symbols: wanted.size }, 'yahoo: connected');
    },
    onMessage: onFrame,
    onClose(info) {
      health.setConnected(false);
      if (info.wasOpen) gapStartMs ??= now();
      log?.warn({ code: info.code, reason: info.reason, wasOpen: info.wasOpen }, 'yahoo: connection lost, reconnecting');
    },
  });

  return {
    id: 'yahoo',
    instruments: () => instruments,
    start(target) {
      if (sink !== null) return;
      sink = target;
      // NOTE: symbols subscribed before start had their first state reported to no sink.
      for (const s of wanted) target.symbolState(s, health.state(s) ?? 'down');
      socket.start();
      watermark.start((ms) => sink?.watermark(ms));
      timer = setInterval(() => {
        if (wanted.size > 0) socket.send(subscribeMessage(yahooIds(wanted)));
      }, options.resubscribeMs ?? 15_000);
      timer.unref?.();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      watermark.stop();
      socket.stop();
      health.stop();
      sink = null;
    },
    health() {
      let state: SourceState = socket.isOpen() ? 'live' : 'down';
      const quietFor = now() - (lastMessageAt ?? socket.openedAt() ?? now());
      const anyTrading = [...wanted].some((s) => isTrading(s, now()));
      if (state === 'live' && anyTrading && quietFor >= (options.staleMs ?? 60_000)) state = 'stale';
      if (state === 'live' && wanted.size > 0 && !anyTrading) state = 'closed';
      return { state, lastMessageAt };
    },
    isTrading,
    alwaysTrading: (symbol) => {
      const instrument = bySymbol.get(symbol);
      return instrument !== undefined && calendarFor(instrument.market).alwaysOpen;
    },
    async history(symbol, interval, fromSec, untilMs) {
      const instrument = bySymbol.get(symbol);
      const yahooSymbol = symbols.toYahoo(symbol);
      if (instrument === undefined || yahooSymbol === undefined) throw new Error(`yahoo source: unknown symbol ${symbol}`);
      const nowSec = now() / 1000;
      const yInterval = yahooIntervalFor(interval, fromSec, nowSec);
      if (yInterval === null) return candlesFromTrades(instrument, interval, recent.list(symbol), fromSec, untilMs, options.emptyBuckets);
      try {
        const bars = await fetchBars(rest, yahooSymbol, yInterval, fromSec, untilMs / 1000, nowSec);
        return candlesFromBars(instrument, interval, bars, fromSec, untilMs, options.emptyBuckets);
      } catch (err) {
        // NOTE: an unreachable or misbehaving chart API costs this history call its candles,
        // never the caller (the pipeline seeds every symbol at start): counted and logged.
        stats.restErrors++;
        log?.warn({ symbol, interval, err: (err as Error).message }, 'yahoo: history failed');
        return [];
      }
    },
    subscribe(list) {
      const added = list.filter((s) => bySymbol.has(s) && !wanted.has(s));
      if (added.length === 0) return;
      for (const s of added) {
        wanted.add(s);
        health.watch(s);
      }
      if (socket.isOpen()) socket.send(subscribeMessage(yahooIds(added)));
    },
    unsubscribe(list) {
      const removed = list.filter((s) => wanted.has(s));
      if (removed.length === 0) return;
      for (const s of removed) {
        wanted.delete(s);
        health.unwatch(s);
        tracker.forget(s);
        recent.forget(s);
      }
      if (socket.isOpen()) socket.send(unsubscribeMessage(yahooIds(removed)));
    },
    stats: () => ({ ...stats }),
    subscribed: () => [...wanted].sort(),
  };
}
