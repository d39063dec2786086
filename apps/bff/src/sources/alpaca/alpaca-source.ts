/**
 * The Alpaca source (keyed; US stocks): market data stream v2 for trades, quotes, minute bars
 * and `updatedBars` corrections (→ `sink.candles` as 1m revisions), REST bars for history and
 * gap repair. Interest-driven: nothing is asked upstream until `subscribe`.
 */
import { calendarFor, INSTRUMENTS, statusAt, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { TradeSide } from '@candlewire/protocol';
import type { Logger } from 'pino';
import type { MarketSource, SourceCandle, SourceQuote, SourceSink, SourceState, SourceStats, SourceTrade } from '../types';
import { candlesFromBars, candlesFromTrades } from '../venue-kit/bar-candles';
import { repairGap } from '../venue-kit/gap-repair';
import { createRecentTrades } from '../venue-kit/recent-trades';
import { createRestClient } from '../venue-kit/rest-json';
import { createSymbolHealth } from '../venue-kit/symbol-health';
import { createVenueSocket } from '../venue-kit/venue-socket';
import { createWatermark } from '../venue-kit/watermark';
import { ALPACA_TIMEFRAMES, fetchAlpacaBars } from './bars';
import type { AlpacaCredentials } from './credentials';
import { ALPACA_ERRORS, parseAlpacaFrame, type AlpacaMessage } from './messages';

/** Options of `createAlpacaSource`. */
export interface AlpacaSourceOptions {
  credentials: AlpacaCredentials;
  /** Stream URL with the feed filled in, e.g. `wss://stream.data.alpaca.markets/v2/iex`. */
  wsUrl: string;
  /** REST base (ALPACA_REST_URL). */
  restUrl: string;
  /** Feed for REST bars (ALPACA_FEED). */
  feed: string;
  emptyBuckets: EmptyBucketPolicy;
  /** Instruments to serve (default: the US instruments). */
  instruments?: readonly Instrument[];
  /** Give up on a connection not authenticated within this, ms (default 10,000: Alpaca's own limit). */
  authTimeoutMs?: number;
  staleMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  restConcurrency?: number;
  watermarkLagMs?: number;
  recentTradesMs?: number;
  now?: () => number;
  random?: () => number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

/** Counters of the Alpaca source. */
export interface AlpacaStats extends SourceStats {
  /** Messages of types not subscribed to, or for symbols nobody wants. */
  ignored: number;
  /** `updatedBars` corrections passed on as candle revisions. */
  corrections: number;
  /** Connections closed because auth did not complete in time. */
  authTimeouts: number;
  /** Error messages from the stream. */
  venueErrors: number;
  restErrors: number;
  repairedCandles: number;
}

/** The Alpaca source with its counters. */
export interface AlpacaSource extends MarketSource {
  subscribe(symbols: readonly string[]): void;
  unsubscribe(symbols: readonly string[]): void;
  stats(): AlpacaStats;
  /** The last venue error (`402 auth failed`…), or null. */
  lastError(): string | null;
  subscribed(): string[];
}

const CHANNELS = (symbols: readonly string[]) => ({ trades: symbols, quotes: symbols, bars: symbols, updatedBars: symbols });

/** Creates the Alpaca source; nothing connects until `start`. */
export function createAlpacaSource(options: AlpacaSourceOptions): AlpacaSource {
  const now = options.now ?? Date.now;
  const log = options.logger;
  const instruments = (options.instruments ?? INSTRUMENTS).filter((i) => i.market === 'US');
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i] as const));
  const headers = { 'APCA-API-KEY-ID': options.credentials.key, 'APCA-API-SECRET-KEY': options.credentials.secret };
  const rest = createRestClient({ baseUrl: options.restUrl, headers, maxConcurrent: options.restConcurrency ?? 4 });
  const watermark = createWatermark({ lagMs: options.watermarkLagMs ?? 1000, now });
  const wanted = new Set<string>();
  const book = new Map<string, { bid: number; ask: number; last: number | null; side: TradeSide }>();
  const recent = createRecentTrades(options.recentTradesMs ?? 15 * 60_000);
  const stats: AlpacaStats = { rejectedFrames: 0, connects: 0, frames: 0, ignored: 0, corrections: 0, authTimeouts: 0, venueErrors: 0, restErrors: 0, repairedCandles: 0 };
  let sink: SourceSink | null = null;
  let authed = false;
  let fatal = false;
  let lastError: string | null = null;
  let lastMessageAt: number | null = null;
  let gapStartMs: number | null = null;
  let authTimer: ReturnType<typeof setTimeout> | null = null;

  const isTrading = (symbol: string, ms: number): boolean => {
    const instrument = bySymbol.get(symbol);
    return instrument !== undefined && statusAt(calendarFor(instrument.market), ms) !== 'closed';
  };
  const health = createSymbolHealth({ windowMs: options.staleMs ?? 60_000, isTrading, now, onState: (s, state) => sink?.symbolState(s, state) });
  const bars = (symbol: string, interval: 'm' | 'd') => (from: number, until: number) =>
    fetchAlpacaBars(rest, symbol, interval === 'm' ? '1Min' : '1Day', from, until, options.feed);
  const clearAuthTimer = (): void => {
    if (authTimer !== null) clearTimeout(authTimer);
    authTimer = null;
  };

  const repair = async (from: number, until: number): Promise<void> => {
    for (const symbol of [...wanted]) {
      const instrument = bySymbol.get(symbol);
      if (instrument === undefined) continue;
      try {
        const candles = await repairGap({ instrument, gapStartMs: from, untilMs: until, emptyBuckets: options.emptyBuckets, minuteBars: bars(symbol, 'm'), dayBars: bars(symbol, 'd') });
        if (candles.length > 0 && wanted.has(symbol)) {
          stats.repairedCandles += candles.length;
          sink?.candles(candles);
        }
      } catch (err) {
        stats.restErrors++;
        log?.warn({ symbol, err: (err as Error).message }, 'alpaca: gap repair failed');
      }
    }
  };

  const onAuthenticated = (): void => {
    authed = true;
    clearAuthTimer();
    lastError = null;
    if (wanted.size > 0) socket.send(JSON.stringify({ action: 'subscribe', ...CHANNELS([...wanted]) }));
    health.setConnected(true);
    if (gapStartMs !== null) {
      const from = gapStartMs;
      gapStartMs = null;
      void repair(from, now());
    }
    log?.info({ url: options.wsUrl, symbols: wanted.size }, 'alpaca: authenticated');
  };

  const onError = (code: number, msg: string): void => {
    stats.venueErrors++;
    lastError = `${code} ${msg}`;
    if (code === ALPACA_ERRORS.authFailed || code === ALPACA_ERRORS.insufficientSubscription) {
      // NOTE: retrying wrong keys or a feed the plan lacks cannot succeed: stop, say why.
      fatal = true;
      clearAuthTimer();
      socket.stop();
      health.setConnected(false);
      log?.error({ code, msg }, 'alpaca: authentication refused; check ALPACA_KEY_ID / ALPACA_SECRET_KEY / ALPACA_FEED (not retrying)');
      return;
    }
    log?.warn({ code, msg }, 'alpaca: stream error');
  };

  const onMessages = (messages: AlpacaMessage[]): void => {
    const trades: SourceTrade[] = [];
    const quotes: SourceQuote[] = [];
    const candles: SourceCandle[] = [];
    for (const m of messages) {
      if (m.T === 'success') {
        if (m.msg === 'connected') socket.send(JSON.stringify({ action: 'auth', key: options.credentials.key, secret: options.credentials.secret }));
        else if (m.msg === 'authenticated') onAuthenticated();
        continue;
      }
      if (m.T === 'error') {
        onError(m.code, m.msg);
        continue;
      }
      if (m.T === 'subscription') continue;
      if (!wanted.has(m.S)) {
        stats.ignored++;
        continue;
      }
      health.heard(m.S);
      const q = book.get(m.S) ?? { bid: 0, ask: 0, last: null, side: 'buy' as TradeSide };
      book.set(m.S, q);
      if (m.T === 'q') {
        q.bid = m.bp;
        q.ask = m.ap;
        quotes.push({ symbol: m.S, bid: m.bp, ask: m.ap, time: m.t });
      } else if (m.T === 't') {
        let side = q.side;
        if (q.ask > 0 && m.p >= q.ask) side = 'buy';
        else if (q.bid > 0 && m.p <= q.bid) side = 'sell';
        else if (q.last !== null && m.p !== q.last) side = m.p > q.last ? 'buy' : 'sell';
        q.side = side;
        q.last = m.p;
        const trade: SourceTrade = { symbol: m.S, id: m.i, price: m.p, size: m.s, side, time: watermark.stamp(m.t), bid: q.bid || m.p, ask: q.ask || m.p };
        trades.push(trade);
        recent.add(trade);
      } else {
        if (m.T === 'u') stats.corrections++;
        candles.push({ symbol: m.S, interval: '1m', candle: { time: m.t / 1000, open: m.o, high: m.h, low: m.l, close: m.c, volume: m.v } });
      }
    }
    if (quotes.length > 0) sink?.quotes(quotes);
    if (trades.length > 0) sink?.trades(trades);
    if (candles.length > 0) sink?.candles(candles);
  };

  const socket = createVenueSocket({
    url: () => options.wsUrl,
    // NOTE: Alpaca documents no inbound message limit; the bucket keeps resubscribe bursts polite.
    pacing: { ratePerSec: 5, burst: 10 },
    backoff: { baseMs: options.reconnectBaseMs ?? 500, capMs: options.reconnectMaxMs ?? 30_000, ...(options.random ? { random: options.random } : {}) },
    now,
    onOpen() {
      stats.connects++;
      authed = false;
      clearAuthTimer();
      const limit = options.authTimeoutMs ?? 10_000;
      authTimer = setTimeout(() => {
        authTimer = null;
        if (authed) return;
        stats.authTimeouts++;
        lastError = `not authenticated within ${limit} ms`;
        log?.error({ url: options.wsUrl }, `alpaca: not authenticated within ${limit} ms; reconnecting`);
        socket.drop();
      }, limit);
    },
    onMessage(text) {
      stats.frames++;
      lastMessageAt = now();
      const frame = parseAlpacaFrame(text);
      stats.rejectedFrames += frame.rejected;
      stats.ignored += frame.ignored;
      if (frame.reason !== undefined) log?.debug({ reason: frame.reason }, 'alpaca: message rejected');
      onMessages(frame.messages);
    },
    onClose(info) {
      clearAuthTimer();
      // NOTE: only an authenticated connection was delivering data: its end starts a gap.
      if (authed) gapStartMs ??= now();
      authed = false;
      health.setConnected(false);
      log?.warn({ code: info.code, reason: info.reason }, 'alpaca: connection lost, reconnecting');
    },
  });

  return {
    id: 'alpaca',
    instruments: () => instruments,
    start(target) {
      if (sink !== null || fatal) return;
      sink = target;
      // NOTE: symbols subscribed before start had their first state reported to no sink.
      for (const s of wanted) target.symbolState(s, health.state(s) ?? 'down');
      socket.start();
      watermark.start((ms) => sink?.watermark(ms));
    },
    stop() {
      clearAuthTimer();
      watermark.stop();
      socket.stop();
      health.stop();
      sink = null;
    },
    health() {
      let state: SourceState = socket.isOpen() && authed ? 'live' : 'down';
      const anyTrading = [...wanted].some((s) => isTrading(s, now()));
      const quietFor = now() - (lastMessageAt ?? now());
      if (state === 'live' && anyTrading && quietFor >= (options.staleMs ?? 60_000)) state = 'stale';
      if (state === 'live' && wanted.size > 0 && !anyTrading) state = 'closed';
      return { state, lastMessageAt };
    },
    isTrading,
    alwaysTrading: () => false,
    async history(symbol, interval, fromSec, untilMs) {
      const instrument = bySymbol.get(symbol);
      if (instrument === undefined) throw new Error(`alpaca source: unknown symbol ${symbol}`);
      const timeframe = ALPACA_TIMEFRAMES[interval];
      if (timeframe === null) return candlesFromTrades(instrument, interval, recent.list(symbol), fromSec, untilMs, options.emptyBuckets);
      try {
        const rows = await fetchAlpacaBars(rest, symbol, timeframe, fromSec, untilMs / 1000, options.feed);
        return candlesFromBars(instrument, interval, rows, fromSec, untilMs, options.emptyBuckets);
      } catch (err) {
        // NOTE: a failing REST call costs this history call its candles, never the caller.
        stats.restErrors++;
        log?.warn({ symbol, interval, err: (err as Error).message }, 'alpaca: history failed');
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
      if (authed) socket.send(JSON.stringify({ action: 'subscribe', ...CHANNELS(added) }));
    },
    unsubscribe(list) {
      const removed = list.filter((s) => wanted.has(s));
      if (removed.length === 0) return;
      for (const s of removed) {
        wanted.delete(s);
        health.unwatch(s);
        book.delete(s);
        recent.forget(s);
      }
      if (authed) socket.send(JSON.stringify({ action: 'unsubscribe', ...CHANNELS(removed) }));
    },
    stats: () => ({ ...stats }),
    lastError: () => lastError,
    subscribed: () => [...wanted].sort(),
  };
}
