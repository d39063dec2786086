/**
 * The Yahoo Finance source (keyless; US, China A-shares, Hong Kong): the streamer WebSocket for
 * live ticks (trades derived from `dayVolume`, see ticks.ts), the chart API for history and gap
 * repair. Interest-driven: nothing is asked upstream until `subscribe`.
 */
import { calendarFor, INSTRUMENTS } from '@candlewire/market';
import type { SourceStats } from '../types';
import { createRestClient } from '../venue-kit/rest-json';
import { createVenueCore, type VenueSource, type VenueSourceOptions } from '../venue-kit/venue-core';
import { createVenueSocket } from '../venue-kit/venue-socket';
import { fetchBars, yahooIntervalFor } from './chart';
import { parseStreamerFrame, subscribeMessage, unsubscribeMessage } from './streamer';
import { createSymbolMap, isYahooMarket } from './symbols';
import { createTickTracker } from './ticks';

/** Options of `createYahooSource` (wsUrl: YAHOO_WS_URL, restUrl: the chart API base, YAHOO_REST_URL). */
export interface YahooSourceOptions extends VenueSourceOptions {
  /** Re-send the whole subscription this often, ms, as Yahoo's own clients do (default 15,000). */
  resubscribeMs?: number;
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
export interface YahooSource extends VenueSource<YahooStats> {
  /** Our symbols currently subscribed upstream. */
  subscribed(): string[];
}

const USER_AGENT = 'Mozilla/5.0 (compatible; candlewire)';

/** Creates the Yahoo source; nothing connects until `start`. */
export function createYahooSource(options: YahooSourceOptions): YahooSource {
  const now = options.now ?? Date.now;
  const log = options.logger;
  const instruments = (options.instruments ?? INSTRUMENTS).filter((i) => isYahooMarket(i.market));
  const symbols = createSymbolMap(instruments);
  const tracker = createTickTracker();
  const rest = createRestClient({
    baseUrl: options.restUrl,
    headers: { 'user-agent': USER_AGENT },
    maxConcurrent: options.restConcurrency ?? 4,
  });
  const stats: YahooStats = { rejectedFrames: 0, connects: 0, frames: 0, ignoredFrames: 0, trades: 0, restErrors: 0, repairedCandles: 0 };
  const core = createVenueCore(options, {
    name: 'yahoo',
    instruments,
    stats,
    repairBars(symbol, until) {
      const yahooSymbol = symbols.toYahoo(symbol);
      if (yahooSymbol === undefined) return undefined;
      return {
        minuteBars: (f, u) => fetchBars(rest, yahooSymbol, '1m', f, u, until / 1000),
        dayBars: (f, u) => fetchBars(rest, yahooSymbol, '1d', f, u, until / 1000),
      };
    },
  });
  const { bySymbol, wanted, health, recent } = core;
  let timer: ReturnType<typeof setInterval> | null = null;
  const yahooIds = (list: Iterable<string>): string[] => [...list].flatMap((s) => symbols.toYahoo(s) ?? []);

  const onFrame = (text: string): void => {
    const at = core.heardFrame();
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
    const sink = core.sink();
    if (result.kind === 'quote') sink?.quotes([result.quote]);
    if (result.kind !== 'trade') return;
    // NOTE: Yahoo's HK and CN quotes are delayed: stamped no earlier than the watermark.
    const trade = { ...result.trade, time: core.watermark.stamp(result.trade.time) };
    stats.trades++;
    recent.add(trade);
    sink?.trades([trade]);
  };

  const socket = createVenueSocket({
    ...core.socketBase,
    onOpen() {
      stats.connects++;
      // NOTE: dayVolume after a gap includes what traded while we were away: the first tick
      // only sets a baseline and the REST repair carries the missed volume.
      tracker.resetBaselines();
      if (wanted.size > 0) socket.send(subscribeMessage(yahooIds(wanted)));
      core.connected();
      log?.info({ url: options.wsUrl, symbols: wanted.size }, 'yahoo: connected');
    },
    onMessage: onFrame,
    onClose(info) {
      core.disconnected(info.wasOpen);
      log?.warn({ code: info.code, reason: info.reason, wasOpen: info.wasOpen }, 'yahoo: connection lost, reconnecting');
    },
  });

  return {
    id: 'yahoo',
    instruments: () => instruments,
    start(target) {
      if (!core.attach(target)) return;
      socket.start();
      timer = setInterval(() => {
        if (wanted.size > 0) socket.send(subscribeMessage(yahooIds(wanted)));
      }, options.resubscribeMs ?? 15_000);
      timer.unref?.();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      socket.stop();
      core.detach();
    },
    health: () => core.sourceHealth(socket.isOpen(), socket.openedAt()),
    isTrading: core.isTrading,
    alwaysTrading: (symbol) => {
      const instrument = bySymbol.get(symbol);
      return instrument !== undefined && calendarFor(instrument.market).alwaysOpen;
    },
    async history(symbol, interval, fromSec, untilMs) {
      const yahooSymbol = symbols.toYahoo(symbol);
      if (yahooSymbol === undefined) throw new Error(`yahoo source: unknown symbol ${symbol}`);
      const nowSec = now() / 1000;
      const yInterval = yahooIntervalFor(interval, fromSec, nowSec);
      return core.history(
        symbol,
        interval,
        fromSec,
        untilMs,
        yInterval === null ? null : () => fetchBars(rest, yahooSymbol, yInterval, fromSec, untilMs / 1000, nowSec),
      );
    },
    subscribe(list) {
      const added = core.want(list);
      if (added.length > 0 && socket.isOpen()) socket.send(subscribeMessage(yahooIds(added)));
    },
    unsubscribe(list) {
      const removed = core.unwant(list);
      for (const s of removed) tracker.forget(s);
      if (removed.length > 0 && socket.isOpen()) socket.send(unsubscribeMessage(yahooIds(removed)));
    },
    stats: () => ({ ...stats }),
    subscribed: () => [...wanted].sort(),
  };
}
