/**
 * The Binance spot source: combined streams (`<sym>@trade`, `<sym>@bookTicker`) over paced,
 * reconnecting connections of ≤ 1024 streams each (venue-kit shards, venue socket, connection
 * cut), per-symbol health, watermark and trade de-duplication from venue-kit; REST klines for
 * history and gap repair. See README.md for the limits honoured and the planned-cut overlap.
 */
import type { Instrument } from '@candlewire/market';
import { createAttemptLimiter } from '@candlewire/pacing';
import { INTERVALS } from '@candlewire/protocol';
import type { SourceSink, SourceTrade } from '../types';
import { createBucketRepair, type BucketRepair } from '../venue-kit/gap-repair';
import { createShards, type Shards } from '../venue-kit/shards';
import { createSymbolHealth, type SymbolHealth } from '../venue-kit/symbol-health';
import { createTradeDedupe, type TradeDedupe } from '../venue-kit/trade-dedupe';
import { createWatermark, type VenueWatermark } from '../venue-kit/watermark';
import type { BinanceConnection } from './connection';
import type { BinanceFrame } from './frames';
import { fetchHistory, fetchKlineStates } from './history';
import { createNormalizer, type Normalizer } from './normalize';
import { BINANCE_DEFAULTS, type BinanceSource, type BinanceSourceOptions, type BinanceStats, type SourceLogger } from './options';
import { createKlinesClient, type KlinesClient } from './rest';
import { createBinanceShard, type BinanceShard, type ShardContext } from './shard';
import { createBinanceInstruments, STREAM_KINDS, streamsOf, toBinanceSymbol } from './symbols';

/** The options over their defaults. */
function settingsOf(options: BinanceSourceOptions) {
  return { ...BINANCE_DEFAULTS, ...options };
}
type Settings = ReturnType<typeof settingsOf>;
type Counts = Pick<BinanceStats, 'rejectedFrames' | 'connects' | 'frames' | 'requestErrors' | 'repairErrors'>;

/** The running state of one Binance source, shared by the functions below. */
interface Binance {
  readonly o: Settings;
  readonly now: () => number;
  readonly log: SourceLogger | undefined;
  readonly instruments: readonly Instrument[];
  readonly bySymbol: ReadonlyMap<string, Instrument>;
  /** Stream name → our symbol. */
  readonly streamOwner: ReadonlyMap<string, string>;
  readonly counts: Counts;
  readonly wanted: Set<string>;
  readonly normalizer: Normalizer;
  readonly dedupe: TradeDedupe;
  readonly watermark: VenueWatermark;
  readonly health: SymbolHealth;
  readonly klines: KlinesClient;
  readonly repair: BucketRepair;
  readonly shards: Shards<BinanceShard>;
  sink: SourceSink | null;
  fromMs: number;
  started: boolean;
  stopped: boolean;
}

/** Creates the Binance source; nothing connects before `start()` and a first `subscribe()`. */
export function createBinanceSource(options: BinanceSourceOptions = {}): BinanceSource {
  const b = createState(options);
  return {
    id: 'binance',
    instruments: () => b.instruments,
    start: (target, from) => start(b, target, from),
    stop: () => stop(b),
    health: () => sourceHealth(b),
    isTrading: () => true,
    alwaysTrading: () => true,
    history: (symbol, interval, fromSec, untilMs) => fetchHistory(b.klines, b.bySymbol.get(symbol), symbol, interval, fromSec, untilMs),
    subscribe: (symbols) => subscribe(b, symbols),
    unsubscribe: (symbols) => unsubscribe(b, symbols),
    stats: () => stats(b),
  };
}

/** The source's pieces, wired; nothing runs yet. */
function createState(options: BinanceSourceOptions): Binance {
  const o = settingsOf(options);
  const now = options.now ?? Date.now;
  const instruments = options.instruments ?? createBinanceInstruments();
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  const klines = createKlinesClient({ restUrl: o.restUrl, ...(options.getJson ? { getJson: options.getJson } : {}) });
  let shared: ShardContext | undefined;
  // NOTE: the pieces below call back into `b` only after it is assigned.
  const b: Binance = {
    o,
    now,
    log: options.logger,
    instruments,
    bySymbol,
    streamOwner: new Map(instruments.flatMap((i) => streamsOf(i.symbol).map((s) => [s, i.symbol] as const))),
    counts: { rejectedFrames: 0, connects: 0, frames: 0, requestErrors: 0, repairErrors: 0 },
    wanted: new Set(),
    normalizer: createNormalizer(),
    dedupe: createTradeDedupe(),
    watermark: createWatermark({ lagMs: o.latenessMs, everyMs: o.watermarkMs, now }),
    health: createSymbolHealth({
      windowMs: o.staleMs,
      isTrading: () => true,
      liveOn: 'message',
      now,
      onState: (symbol, state) => b.sink?.symbolState(symbol, state),
    }),
    klines,
    repair: createBucketRepair({
      fetch: (symbol, interval, startMs, endMs) => fetchKlineStates(klines, instrumentOf(bySymbol, symbol), interval, startMs, endMs),
      instrument: (symbol) => bySymbol.get(symbol),
      sink: () => b.sink,
      intervals: INTERVALS,
      latenessMs: o.latenessMs,
      settleMs: o.repairSettleMs,
      maxBuckets: o.repairMaxBuckets,
      now,
      onError: (err, symbol, interval) => repairFailed(b, err, symbol, interval),
    }),
    shards: createShards<BinanceShard>({
      capacity: o.maxStreamsPerConnection / STREAM_KINDS.length,
      create: () => createBinanceShard((shared ??= shardContext(b))),
      start: (shard) => shard.cut.start(),
      add: (shard, symbols) => addToShard(b, shard, symbols),
      remove: (shard, symbols) => forEachConnection(shard, (conn) => conn.unsubscribe(symbols.flatMap(streamsOf))),
      close: (shard) => shard.cut.stop(),
    }),
    sink: null,
    fromMs: 0,
    started: false,
    stopped: false,
  };
  return b;
}

/** What every shard shares: settings, one attempt limiter for the host, request ids, callbacks. */
function shardContext(b: Binance): ShardContext {
  const { o, now } = b;
  let nextId = 1;
  return {
    wsUrl: o.wsUrl,
    // NOTE: burst 1 + rate (n − 1)/s ⇒ at most n frames in any 1 s window, pongs included.
    pacing: { ratePerSec: Math.max(1, o.messagesPerSec - 1), burst: 1 },
    backoff: o.backoff ?? { baseMs: 500, capMs: 30_000 },
    limiter: createAttemptLimiter(o.maxAttempts, o.attemptWindowMs, now),
    streamsPerMessage: o.streamsPerMessage,
    plannedCutMs: o.plannedCutMs,
    cutOverlapMs: o.cutOverlapMs,
    now,
    log: b.log,
    nextId: () => nextId++,
    streams: (shard) => [...b.shards.keysOf(shard)].flatMap(streamsOf),
    deliver: (trades) => deliver(b, trades),
    frame: (shard, conn, frame) => onFrame(b, shard, conn, frame),
    opened: (shard) => {
      b.counts.connects += 1;
      b.health.setConnected(true, b.shards.keysOf(shard));
    },
    repair: (shard, gapStart) => void b.repair.repair([...b.shards.keysOf(shard)], gapStart, now()),
    lost: (shard) => b.health.setConnected(false, b.shards.keysOf(shard)),
    requestError: (conn, code, msg) => {
      b.counts.requestErrors += 1;
      b.log?.warn({ conn: conn.seq, code, msg }, 'binance: request rejected');
    },
  };
}

function instrumentOf(bySymbol: ReadonlyMap<string, Instrument>, symbol: string): Instrument {
  const instrument = bySymbol.get(symbol);
  if (instrument === undefined) throw new RangeError(`binance: unknown symbol ${symbol}`);
  return instrument;
}

function repairFailed(b: Binance, err: unknown, symbol: string, interval: string): void {
  b.counts.repairErrors += 1;
  b.log?.warn({ err: (err as Error).message, symbol, interval }, 'binance: gap repair failed');
}

function forEachConnection(shard: BinanceShard, act: (conn: BinanceConnection) => void): void {
  act(shard.cut.active());
  const standby = shard.cut.standby();
  if (standby !== null) act(standby);
}

/** Symbols join a running shard: subscribed on both its connections; their health follows the shard's. */
function addToShard(b: Binance, shard: BinanceShard, symbols: readonly string[]): void {
  forEachConnection(shard, (conn) => conn.subscribe(symbols.flatMap(streamsOf)));
  if (shard.cut.active().isOpen()) b.health.setConnected(true, symbols);
  else if (shard.gapStart !== null) b.health.setConnected(false, symbols);
}

/** Trades of the active connection (or a replacement's held ones): copies dropped, then to the sink. */
function deliver(b: Binance, batch: readonly SourceTrade[]): void {
  const out = b.dedupe.fresh(batch).filter((t) => t.time >= b.fromMs);
  if (out.length > 0) b.sink?.trades(out);
}

/** One frame of a shard's connection: counted, then rejected, a shutdown notice, or data. */
function onFrame(b: Binance, shard: BinanceShard, conn: BinanceConnection, frame: BinanceFrame): void {
  b.counts.frames += 1;
  if (frame.kind === 'reject') return reject(b, frame.reason);
  if (frame.kind === 'shutdown') {
    if (conn === shard.cut.active()) shard.cut.replace('serverShutdown');
    return;
  }
  if (frame.kind === 'trade' || frame.kind === 'bookTicker') onData(b, shard, conn, frame);
}

function reject(b: Binance, reason: string): void {
  const total = (b.counts.rejectedFrames += 1);
  if (total <= 10 || total % 1000 === 0) b.log?.warn({ reason, total }, 'binance: rejected frame');
}

/** A trade or book ticker: checked against its stream, then a quote to the sink or a trade to the cut. */
function onData(
  b: Binance,
  shard: BinanceShard,
  conn: BinanceConnection,
  frame: Extract<BinanceFrame, { kind: 'trade' | 'bookTicker' }>,
): void {
  const symbol = b.streamOwner.get(frame.stream);
  if (symbol === undefined || frame.event.s !== toBinanceSymbol(symbol)) {
    b.counts.rejectedFrames += 1;
    return;
  }
  if (!b.shards.keysOf(shard).has(symbol)) return; // NOTE: in flight before our UNSUBSCRIBE landed.
  b.health.heard(symbol);
  if (frame.kind === 'trade') return shard.cut.data(conn, b.normalizer.trade(symbol, frame.event));
  const quote = b.normalizer.quote(symbol, frame.event, b.now());
  if (quote !== null) b.sink?.quotes([quote]);
}

function start(b: Binance, target: SourceSink, from: number): void {
  if (b.started || b.stopped) return;
  b.started = true;
  b.sink = target;
  b.fromMs = from;
  b.watermark.start((ms) => b.sink?.watermark(ms));
  place(b, [...b.wanted]);
}

function stop(b: Binance): void {
  if (b.stopped) return;
  b.stopped = true;
  b.watermark.stop();
  b.shards.closeAll();
  b.health.stop();
  b.repair.stop();
  b.sink = null;
}

function place(b: Binance, symbols: readonly string[]): void {
  for (const symbol of symbols) b.health.watch(symbol);
  b.shards.place(symbols);
}

function subscribe(b: Binance, symbols: readonly string[]): void {
  const fresh: string[] = [];
  for (const symbol of symbols) {
    if (!b.bySymbol.has(symbol)) {
      b.log?.warn({ symbol }, 'binance: subscribe to an unknown symbol ignored');
      continue;
    }
    if (b.wanted.has(symbol)) continue;
    b.wanted.add(symbol);
    fresh.push(symbol);
  }
  if (b.started && !b.stopped && fresh.length > 0) place(b, fresh);
}

function unsubscribe(b: Binance, symbols: readonly string[]): void {
  const removed = symbols.filter((symbol) => b.wanted.delete(symbol));
  for (const symbol of removed) b.health.unwatch(symbol);
  b.shards.drop(removed);
}

/** `down` while a shard's active connection is lost, `stale` when nothing was heard for the window. */
function sourceHealth(b: Binance): ReturnType<BinanceSource['health']> {
  const shards = b.shards.all();
  const heardAt = shards
    .flatMap((s) => [s.cut.active().lastHeard(), s.cut.standby()?.lastHeard() ?? null])
    .filter((t): t is number => t !== null);
  const lastMessageAt = heardAt.length > 0 ? Math.max(...heardAt) : null;
  if (!b.started || b.stopped) return { state: 'down', lastMessageAt };
  if (shards.some((s) => !s.cut.active().isOpen())) return { state: 'down', lastMessageAt };
  if (shards.length > 0 && (lastMessageAt === null || b.now() - lastMessageAt >= b.o.staleMs)) return { state: 'stale', lastMessageAt };
  return { state: 'live', lastMessageAt };
}

function stats(b: Binance): BinanceStats {
  const open = (conn: BinanceConnection | null): number => (conn?.isOpen() ? 1 : 0);
  return {
    ...b.counts,
    duplicateTrades: b.dedupe.duplicates(),
    repairedCandles: b.repair.sent(),
    openConnections: b.shards.all().reduce((n, s) => n + open(s.cut.active()) + open(s.cut.standby()), 0),
  };
}
