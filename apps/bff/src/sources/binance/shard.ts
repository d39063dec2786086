/**
 * One shard of the Binance source: the symbols of one combined-streams connection (≤ 1024
 * streams), its planned cut with overlap (venue-kit `connection-cut.ts`) and its gap: the last
 * frame before an unplanned drop, repaired from REST klines once the next connection is subscribed.
 */
import type { SourceTrade } from '../types';
import { createConnectionCut, type ConnectionCut } from '../venue-kit/connection-cut';
import type { VenueCloseInfo } from '../venue-kit/venue-socket';
import { createBinanceConnection, type BinanceConnection, type BinanceConnectionOptions } from './connection';
import type { BinanceFrame } from './frames';
import type { SourceLogger } from './options';

/** A shard: its connections and the start of an unrepaired gap. */
export interface BinanceShard {
  readonly cut: ConnectionCut<BinanceConnection, SourceTrade>;
  /** Last frame before an unplanned drop; repaired once the next connection is subscribed. */
  gapStart: number | null;
}

/** What a shard needs of its source: its connections' settings (one attempt limiter and id sequence per source), the cut timings and callbacks. */
export interface ShardContext extends Pick<
  BinanceConnectionOptions,
  'wsUrl' | 'pacing' | 'backoff' | 'limiter' | 'streamsPerMessage' | 'now' | 'nextId'
> {
  plannedCutMs: number;
  cutOverlapMs: number;
  log: SourceLogger | undefined;
  /** The streams the shard carries now. */
  streams(shard: BinanceShard): string[];
  /** Trades to deliver (the active connection's, and a replacement's held ones once it took over). */
  deliver: (trades: readonly SourceTrade[]) => void;
  /** A data, shutdown or rejected frame. */
  frame(shard: BinanceShard, conn: BinanceConnection, frame: BinanceFrame): void;
  /** A connection opened. */
  opened(shard: BinanceShard): void;
  /** A gap of the shard's symbols from `gapStart` to now is to be repaired. */
  repair(shard: BinanceShard, gapStart: number): void;
  /** The shard's symbols lost their connection. */
  lost(shard: BinanceShard): void;
  /** The venue answered a request with an error. */
  requestError: (conn: BinanceConnection, code: number, msg: string) => void;
}

/** Creates a shard (not started: `shard.cut.start()` once it has symbols). */
export function createBinanceShard(ctx: ShardContext): BinanceShard {
  const open = (): BinanceConnection =>
    createBinanceConnection({
      wsUrl: ctx.wsUrl,
      pacing: ctx.pacing,
      backoff: ctx.backoff,
      limiter: ctx.limiter,
      streamsPerMessage: ctx.streamsPerMessage,
      now: ctx.now,
      nextId: ctx.nextId,
      streams: () => ctx.streams(shard),
      onOpen: () => ctx.opened(shard),
      onReady: (conn) => ready(conn),
      onFrame: (conn, frame) => ctx.frame(shard, conn, frame),
      onClose: (conn, info) => closed(conn, info),
      onRequestError: ctx.requestError,
    });

  // NOTE: the cut opens its first connection at once; that connection reads `shard` only from
  // its callbacks, after this initializer ran.
  const shard: BinanceShard = {
    cut: createConnectionCut<BinanceConnection, SourceTrade>({
      open,
      cutAfterMs: ctx.plannedCutMs,
      overlapMs: ctx.cutOverlapMs,
      now: ctx.now,
      deliver: ctx.deliver,
      onReplace: (from, reason) => ctx.log?.info({ conn: from.seq, reason }, 'binance: opening replacement connection'),
      onSwitch: (from, to) => ctx.log?.info({ from: from.seq, to: to.seq }, 'binance: switched connection'),
    }),
    gapStart: null,
  };

  const ready = (conn: BinanceConnection): void => {
    if (!shard.cut.ready(conn) || shard.gapStart === null) return;
    const gapStart = shard.gapStart;
    shard.gapStart = null;
    ctx.log?.info({ conn: conn.seq, gapMs: ctx.now() - gapStart }, 'binance: repairing gap from REST klines');
    ctx.repair(shard, gapStart);
  };

  const closed = (conn: BinanceConnection, info: VenueCloseInfo): void => {
    const outcome = shard.cut.closed(conn);
    if (outcome === 'ignored') return; // NOTE: a replacement reconnects and resubscribes by itself.
    if (info.wasOpen) ctx.log?.warn({ conn: conn.seq, code: info.code, reason: info.reason }, 'binance: connection closed');
    if (outcome === 'taken-over') return;
    shard.gapStart ??= conn.lastHeard() ?? ctx.now();
    if (outcome === 'lost') ctx.lost(shard);
  };

  return shard;
}
