/**
 * The Alpaca source (keyed; US stocks): market data stream v2 for trades, quotes, minute bars
 * and `updatedBars` corrections (→ `sink.candles` as 1m revisions, then the coarser buckets
 * holding the minute revised from REST 1m bars), REST bars for history and gap repair.
 * Interest-driven: nothing is asked upstream until `subscribe`.
 */
import { INSTRUMENTS } from '@candlewire/market';
import type { TradeSide } from '@candlewire/protocol';
import type { Logger } from 'pino';
import type { SourceCandle, SourceQuote, SourceStats, SourceTrade } from '../types';
import { createCorrectionRevisions } from '../venue-kit/correction-revisions';
import { createRestClient } from '../venue-kit/rest-json';
import { createVenueCore, type VenueSource, type VenueSourceOptions } from '../venue-kit/venue-core';
import { createVenueSocket } from '../venue-kit/venue-socket';
import { ALPACA_TIMEFRAMES, fetchAlpacaBars } from './bars';
import type { AlpacaCredentials } from './credentials';
import { ALPACA_ERRORS, parseAlpacaFrame, type AlpacaMessage } from './messages';

/** Options of `createAlpacaSource`. */
export interface AlpacaSourceOptions extends VenueSourceOptions {
  credentials: AlpacaCredentials;
  /** Stream URL with the feed filled in, e.g. `wss://stream.data.alpaca.markets/v2/iex`. */
  wsUrl: string;
  /** REST base (ALPACA_REST_URL). */
  restUrl: string;
  /** Feed for REST bars (ALPACA_FEED). */
  feed: string;
  /** Give up on a connection not authenticated within this, ms (default 10,000: Alpaca's own limit). */
  authTimeoutMs?: number;
  /** Corrections of a symbol within this are revised with one REST fetch, ms (default 500). */
  correctionDebounceMs?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

/** Counters of the Alpaca source. */
export interface AlpacaStats extends SourceStats {
  /** Messages of types not subscribed to, or for symbols nobody wants. */
  ignored: number;
  /** `updatedBars` corrections passed on as candle revisions. */
  corrections: number;
  /** Coarser (5m…1d) candles revised from REST 1m bars after corrections. */
  correctionRevisions: number;
  /** Connections closed because auth did not complete in time. */
  authTimeouts: number;
  /** Error messages from the stream. */
  venueErrors: number;
  restErrors: number;
  repairedCandles: number;
}

/** The Alpaca source with its counters. */
export interface AlpacaSource extends VenueSource<AlpacaStats> {
  /** The last venue error (`402 auth failed`…), or null. */
  lastError(): string | null;
  subscribed(): string[];
}

const CHANNELS = (symbols: readonly string[]) => ({ trades: symbols, quotes: symbols, bars: symbols, updatedBars: symbols });

/** Creates the Alpaca source; nothing connects until `start`. */
export function createAlpacaSource(options: AlpacaSourceOptions): AlpacaSource {
  const log = options.logger;
  const headers = { 'APCA-API-KEY-ID': options.credentials.key, 'APCA-API-SECRET-KEY': options.credentials.secret };
  const rest = createRestClient({ baseUrl: options.restUrl, headers, maxConcurrent: options.restConcurrency ?? 4 });
  const book = new Map<string, { bid: number; ask: number; last: number | null; side: TradeSide }>();
  const stats: AlpacaStats = {
    rejectedFrames: 0,
    connects: 0,
    frames: 0,
    ignored: 0,
    corrections: 0,
    correctionRevisions: 0,
    authTimeouts: 0,
    venueErrors: 0,
    restErrors: 0,
    repairedCandles: 0,
  };
  const bars = (symbol: string, timeframe: '1Min' | '1Day') => (from: number, until: number) =>
    fetchAlpacaBars(rest, symbol, timeframe, from, until, options.feed);
  const core = createVenueCore(options, {
    name: 'alpaca',
    instruments: (options.instruments ?? INSTRUMENTS).filter((i) => i.market === 'US'),
    stats,
    repairBars: (symbol) => ({ minuteBars: bars(symbol, '1Min'), dayBars: bars(symbol, '1Day') }),
  });
  const { wanted, health, recent } = core;
  const corrections = createCorrectionRevisions({
    debounceMs: options.correctionDebounceMs ?? 500,
    emptyBuckets: options.emptyBuckets,
    now: options.now ?? Date.now,
    instrument: (symbol) => core.bySymbol.get(symbol),
    minuteBars: (symbol) => bars(symbol, '1Min'),
    trades: (symbol) => recent.list(symbol),
    deliver(symbol, candles) {
      const sink = core.sink();
      if (sink === null || !wanted.has(symbol)) return;
      stats.correctionRevisions += candles.length;
      sink.candles(candles);
    },
    failed(symbol, err) {
      stats.restErrors++;
      log?.warn({ symbol, err: err.message }, 'alpaca: revising candles after a correction failed');
    },
  });
  let authed = false;
  let fatal = false;
  let lastError: string | null = null;
  let authTimer: ReturnType<typeof setTimeout> | null = null;

  const clearAuthTimer = (): void => {
    if (authTimer !== null) clearTimeout(authTimer);
    authTimer = null;
  };

  const onAuthenticated = (): void => {
    authed = true;
    clearAuthTimer();
    lastError = null;
    if (wanted.size > 0) socket.send(JSON.stringify({ action: 'subscribe', ...CHANNELS([...wanted]) }));
    core.connected();
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
      core.disconnected(false);
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
        if (m.msg === 'connected')
          socket.send(JSON.stringify({ action: 'auth', key: options.credentials.key, secret: options.credentials.secret }));
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
        const trade: SourceTrade = {
          symbol: m.S,
          id: m.i,
          price: m.p,
          size: m.s,
          side,
          time: core.watermark.stamp(m.t),
          bid: q.bid || m.p,
          ask: q.ask || m.p,
        };
        trades.push(trade);
        recent.add(trade);
      } else {
        const candle = { time: m.t / 1000, open: m.o, high: m.h, low: m.l, close: m.c, volume: m.v };
        candles.push({ symbol: m.S, interval: '1m', candle });
        if (m.T === 'u') {
          stats.corrections++;
          // NOTE: the coarser buckets holding this minute follow from REST (debounced per symbol).
          corrections.add(m.S, candle);
        }
      }
    }
    const sink = core.sink();
    if (quotes.length > 0) sink?.quotes(quotes);
    if (trades.length > 0) sink?.trades(trades);
    if (candles.length > 0) sink?.candles(candles);
  };

  const socket = createVenueSocket({
    ...core.socketBase,
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
      core.heardFrame();
      const frame = parseAlpacaFrame(text);
      stats.rejectedFrames += frame.rejected;
      stats.ignored += frame.ignored;
      if (frame.reason !== undefined) log?.debug({ reason: frame.reason }, 'alpaca: message rejected');
      onMessages(frame.messages);
    },
    onClose(info) {
      clearAuthTimer();
      // NOTE: only an authenticated connection was delivering data: its end starts a gap.
      core.disconnected(authed);
      authed = false;
      log?.warn({ code: info.code, reason: info.reason }, 'alpaca: connection lost, reconnecting');
    },
  });

  return {
    id: 'alpaca',
    instruments: () => core.instruments,
    start(target) {
      if (fatal || !core.attach(target)) return;
      socket.start();
    },
    stop() {
      clearAuthTimer();
      socket.stop();
      corrections.stop();
      core.detach();
    },
    health: () => core.sourceHealth(socket.isOpen() && authed, null),
    isTrading: core.isTrading,
    alwaysTrading: () => false,
    async history(symbol, interval, fromSec, untilMs) {
      const timeframe = ALPACA_TIMEFRAMES[interval];
      return core.history(
        symbol,
        interval,
        fromSec,
        untilMs,
        timeframe === null ? null : () => fetchAlpacaBars(rest, symbol, timeframe, fromSec, untilMs / 1000, options.feed),
      );
    },
    subscribe(list) {
      const added = core.want(list);
      if (added.length > 0 && authed) socket.send(JSON.stringify({ action: 'subscribe', ...CHANNELS(added) }));
    },
    unsubscribe(list) {
      const removed = core.unwant(list);
      for (const s of removed) {
        book.delete(s);
        corrections.forget(s);
      }
      if (removed.length > 0 && authed) socket.send(JSON.stringify({ action: 'unsubscribe', ...CHANNELS(removed) }));
    },
    stats: () => ({ ...stats }),
    lastError: () => lastError,
    subscribed: () => [...wanted].sort(),
  };
}
