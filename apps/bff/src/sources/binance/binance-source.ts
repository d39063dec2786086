/**
 * The Binance spot source: combined streams (`<sym>@trade`, `<sym>@bookTicker`) over paced,
 * reconnecting connections of ≤ 1024 streams each; REST klines for history and gap repair.
 * See README.md for the limits honoured and the planned-cut overlap.
 */
import type { SourceSink, SourceTrade } from '../types';
import { createAttemptLimiter } from '@candlewire/pacing';
import { createBinanceConnection, type BinanceConnection } from './connection';
import type { BinanceFrame } from './frames';
import { BINANCE_DEFAULTS, type BinanceSource, type BinanceSourceOptions } from './options';
import { fetchHistory } from './history';
import { createNormalizer } from './normalize';
import { createGapRepair } from './repair';
import { createKlinesClient } from './rest';
import { createSymbolStates } from './symbol-states';
import { createBinanceInstruments, STREAM_KINDS, streamsOf, toBinanceSymbol } from './symbols';

interface Shard {
  symbols: Set<string>;
  active: BinanceConnection;
  /** The replacement during a planned cut / serverShutdown overlap. */
  standby: BinanceConnection | null;
  /** Trades heard on the standby before it takes over. */
  buffer: SourceTrade[];
  /** Last frame before an unplanned drop; repaired once the next connection is subscribed. */
  gapStart: number | null;
  cutTimer: ReturnType<typeof setTimeout> | null;
  promoteTimer: ReturnType<typeof setTimeout> | null;
}

/** Creates the Binance source; nothing connects before `start()` and a first `subscribe()`. */
export function createBinanceSource(options: BinanceSourceOptions = {}): BinanceSource {
  const o = { ...BINANCE_DEFAULTS, ...options };
  const now = options.now ?? Date.now;
  const log = options.logger;
  const instruments = options.instruments ?? createBinanceInstruments();
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
  const streamOwner = new Map<string, string>();
  for (const i of instruments) for (const s of streamsOf(i.symbol)) streamOwner.set(s, i.symbol);
  const symbolsPerShard = Math.max(1, Math.floor(o.maxStreamsPerConnection / STREAM_KINDS.length));
  const limiter = createAttemptLimiter(o.maxAttempts, o.attemptWindowMs, now);
  // NOTE: burst 1 + rate (n − 1)/s ⇒ at most n frames in any 1 s window, pongs included.
  const pacing = { ratePerSec: Math.max(1, o.messagesPerSec - 1), burst: 1 };
  const backoff = options.backoff ?? { baseMs: 500, capMs: 30_000 };
  const klines = createKlinesClient({ restUrl: o.restUrl, ...(options.getJson ? { getJson: options.getJson } : {}) });

  let sink: SourceSink | null = null;
  let fromMs = 0;
  let started = false;
  let stopped = false;
  let nextId = 1;
  let watermarkTimer: ReturnType<typeof setInterval> | null = null;
  const wanted = new Set<string>();
  const shards: Shard[] = [];
  const normalizer = createNormalizer();
  const counts = { rejectedFrames: 0, connects: 0, frames: 0, requestErrors: 0, repairErrors: 0 };

  const states = createSymbolStates({ staleMs: o.staleMs, now, isWanted: (symbol) => wanted.has(symbol), report: (symbol, state) => sink?.symbolState(symbol, state) });
  const repair = createGapRepair({
    klines,
    instrument: (s) => bySymbol.get(s),
    sink: () => sink,
    latenessMs: o.latenessMs,
    settleMs: o.repairSettleMs,
    maxBuckets: o.repairMaxBuckets,
    now,
    onError: (err, symbol, interval) => {
      counts.repairErrors += 1;
      log?.warn({ err: (err as Error).message, symbol, interval }, 'binance: gap repair failed');
    },
  });

  const deliver = (batch: readonly SourceTrade[]): void => {
    const out = normalizer.fresh(batch).filter((t) => t.time >= fromMs);
    if (out.length > 0) sink?.trades(out);
  };

  const scheduleCut = (shard: Shard): void => {
    if (shard.cutTimer !== null) clearTimeout(shard.cutTimer);
    const opened = shard.active.openedAt() ?? now();
    shard.cutTimer = setTimeout(() => beginCut(shard, 'planned'), Math.max(0, opened + o.plannedCutMs - now()));
    shard.cutTimer.unref?.();
  };

  const promote = (shard: Shard): void => {
    const next = shard.standby;
    if (next === null) return;
    if (shard.promoteTimer !== null) clearTimeout(shard.promoteTimer);
    shard.promoteTimer = null;
    const old = shard.active;
    shard.active = next;
    shard.standby = null;
    old.stop();
    const buffered = shard.buffer;
    shard.buffer = [];
    deliver(buffered);
    if (next.isReady()) scheduleCut(shard);
    log?.info({ from: old.seq, to: next.seq }, 'binance: switched connection');
  };

  const beginCut = (shard: Shard, reason: string): void => {
    if (shard.standby !== null || stopped || !shards.includes(shard)) return;
    log?.info({ conn: shard.active.seq, reason }, 'binance: opening replacement connection');
    shard.buffer = [];
    shard.standby = connect(() => shard);
    shard.standby.start();
  };

  const onFrame = (shard: Shard, conn: BinanceConnection, frame: BinanceFrame): void => {
    counts.frames += 1;
    if (frame.kind === 'reject') {
      counts.rejectedFrames += 1;
      if (counts.rejectedFrames <= 10 || counts.rejectedFrames % 1000 === 0) log?.warn({ reason: frame.reason, total: counts.rejectedFrames }, 'binance: rejected frame');
      return;
    }
    if (frame.kind === 'shutdown') {
      if (conn === shard.active) beginCut(shard, 'serverShutdown');
      return;
    }
    if (frame.kind !== 'trade' && frame.kind !== 'bookTicker') return;
    const symbol = streamOwner.get(frame.stream);
    if (symbol === undefined || frame.event.s !== toBinanceSymbol(symbol)) {
      counts.rejectedFrames += 1;
      return;
    }
    if (!shard.symbols.has(symbol)) return; // NOTE: in flight before our UNSUBSCRIBE landed.
    states.heard(symbol);
    if (frame.kind === 'bookTicker') {
      const quote = normalizer.quote(symbol, frame.event, now());
      if (quote !== null) sink?.quotes([quote]);
      return;
    }
    const trade = normalizer.trade(symbol, frame.event);
    if (conn === shard.standby) shard.buffer.push(trade);
    else if (conn === shard.active) deliver([trade]);
  };

  const connect = (shardOf: () => Shard): BinanceConnection => {
    const conn = createBinanceConnection({
      wsUrl: o.wsUrl,
      pacing,
      backoff,
      limiter,
      streamsPerMessage: o.streamsPerMessage,
      now,
      nextId: () => nextId++,
      streams: () => [...shardOf().symbols].flatMap(streamsOf),
      onOpen: () => {
        counts.connects += 1;
      },
      onReady: (conn) => {
        const shard = shardOf();
        if (conn === shard.active) {
          scheduleCut(shard);
          if (shard.gapStart !== null) {
            const gapStart = shard.gapStart;
            shard.gapStart = null;
            log?.info({ conn: conn.seq, gapMs: now() - gapStart }, 'binance: repairing gap from REST klines');
            void repair.repair([...shard.symbols], gapStart, now());
          }
        } else if (conn === shard.standby) {
          if (shard.promoteTimer !== null) clearTimeout(shard.promoteTimer);
          // NOTE: both connections now carry every stream; the old one keeps delivering for the
          // overlap so frames in flight on it are not lost, then the standby's buffer fills in.
          shard.promoteTimer = setTimeout(() => promote(shard), o.cutOverlapMs);
        }
      },
      onFrame: (conn, frame) => onFrame(shardOf(), conn, frame),
      onClose: (conn, info) => {
        const shard = shardOf();
        if (conn !== shard.active) return; // NOTE: a standby reconnects and resubscribes by itself.
        if (info.wasOpen) log?.warn({ conn: conn.seq, code: info.code, reason: info.reason }, 'binance: connection closed');
        if (shard.cutTimer !== null) clearTimeout(shard.cutTimer);
        shard.cutTimer = null;
        const standby = shard.standby;
        if (standby !== null) {
          if (!standby.isReady()) shard.gapStart ??= conn.lastHeard() ?? now();
          promote(shard);
          return;
        }
        shard.gapStart ??= conn.lastHeard() ?? now();
        for (const s of shard.symbols) states.down(s);
      },
      onRequestError: (conn, code, msg) => {
        counts.requestErrors += 1;
        log?.warn({ conn: conn.seq, code, msg }, 'binance: request rejected');
      },
    });
    return conn;
  };

  const closeShard = (shard: Shard): void => {
    for (const t of [shard.cutTimer, shard.promoteTimer]) if (t !== null) clearTimeout(t);
    shard.active.stop();
    shard.standby?.stop();
    shards.splice(shards.indexOf(shard), 1);
  };

  const place = (symbols: readonly string[]): void => {
    const added = new Map<Shard, string[]>();
    const fresh = new Set<Shard>();
    for (const symbol of symbols) {
      let shard = shards.find((s) => s.symbols.size < symbolsPerShard);
      if (shard === undefined) {
        // NOTE: connect() reads the shard only from its callbacks, after this initializer ran.
        const created: Shard = { symbols: new Set(), active: connect(() => created), standby: null, buffer: [], gapStart: null, cutTimer: null, promoteTimer: null };
        shards.push(created);
        fresh.add(created);
        shard = created;
      }
      shard.symbols.add(symbol);
      states.watch(symbol);
      added.set(shard, [...(added.get(shard) ?? []), symbol]);
    }
    for (const [shard, list] of added) {
      if (fresh.has(shard)) continue;
      const streams = list.flatMap(streamsOf);
      shard.active.subscribe(streams);
      shard.standby?.subscribe(streams);
    }
    for (const shard of fresh) shard.active.start();
  };

  return {
    id: 'binance',
    instruments: () => instruments,
    start(target, from) {
      if (started || stopped) return;
      started = true;
      sink = target;
      fromMs = from;
      watermarkTimer = setInterval(() => sink?.watermark(now() - o.latenessMs), o.watermarkMs);
      watermarkTimer.unref?.();
      place([...wanted]);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (watermarkTimer !== null) clearInterval(watermarkTimer);
      for (const shard of [...shards]) closeShard(shard);
      states.stop();
      repair.stop();
      sink = null;
    },
    health() {
      const heardAt = shards.flatMap((s) => [s.active.lastHeard(), s.standby?.lastHeard() ?? null]).filter((t): t is number => t !== null);
      const lastMessageAt = heardAt.length > 0 ? Math.max(...heardAt) : null;
      if (!started || stopped) return { state: 'down', lastMessageAt };
      if (shards.some((s) => !s.active.isOpen())) return { state: 'down', lastMessageAt };
      if (shards.length > 0 && (lastMessageAt === null || now() - lastMessageAt >= o.staleMs)) return { state: 'stale', lastMessageAt };
      return { state: 'live', lastMessageAt };
    },
    isTrading: () => true,
    alwaysTrading: () => true,
    history: (symbol, interval, fromSec, untilMs) => fetchHistory(klines, bySymbol.get(symbol), symbol, interval, fromSec, untilMs),
    subscribe(symbols) {
      const fresh: string[] = [];
      for (const symbol of symbols) {
        if (!bySymbol.has(symbol)) {
          log?.warn({ symbol }, 'binance: subscribe to an unknown symbol ignored');
          continue;
        }
        if (wanted.has(symbol)) continue;
        wanted.add(symbol);
        fresh.push(symbol);
      }
      if (started && !stopped && fresh.length > 0) place(fresh);
    },
    unsubscribe(symbols) {
      const removed = new Map<Shard, string[]>();
      for (const symbol of symbols) {
        if (!wanted.delete(symbol)) continue;
        states.unwatch(symbol);
        const shard = shards.find((s) => s.symbols.has(symbol));
        if (shard === undefined) continue;
        shard.symbols.delete(symbol);
        removed.set(shard, [...(removed.get(shard) ?? []), symbol]);
      }
      for (const [shard, list] of removed) {
        if (shard.symbols.size === 0) {
          closeShard(shard);
          continue;
        }
        const streams = list.flatMap(streamsOf);
        shard.active.unsubscribe(streams);
        shard.standby?.unsubscribe(streams);
      }
    },
    stats: () => ({
      ...counts,
      duplicateTrades: normalizer.duplicates(),
      repairedCandles: repair.sent(),
      openConnections: shards.reduce((n, s) => n + (s.active.isOpen() ? 1 : 0) + (s.standby?.isOpen() ? 1 : 0), 0),
    }),
  };
}
