import type { AttemptLimiter, BackoffOptions, TokenBucketOptions } from '@candlewire/pacing';
import { createVenueSocket, type VenueCloseInfo } from '../venue-kit/venue-socket';
import { parseFrame, type BinanceFrame } from './frames';

/** Options of `createBinanceConnection`. */
export interface BinanceConnectionOptions {
  /** Stream host, e.g. `wss://stream.binance.com:9443`; the combined endpoint `/stream` is used. */
  wsUrl: string;
  pacing: Omit<TokenBucketOptions, 'now'>;
  backoff: BackoffOptions;
  limiter: AttemptLimiter;
  /** Streams per SUBSCRIBE/UNSUBSCRIBE message. */
  streamsPerMessage: number;
  now: () => number;
  /** Request ids, unique per source. */
  nextId: () => number;
  /** Streams this connection must carry: subscribed on every (re)open. */
  streams: () => string[];
  onOpen(conn: BinanceConnection): void;
  /** Every SUBSCRIBE sent at open was acknowledged. */
  onReady(conn: BinanceConnection): void;
  /** A data, shutdown or rejected frame (replies are handled here). */
  onFrame(conn: BinanceConnection, frame: BinanceFrame): void;
  onClose(conn: BinanceConnection, info: VenueCloseInfo): void;
  /** The venue answered a request with an error. */
  onRequestError(conn: BinanceConnection, code: number, msg: string): void;
}

/** One combined-streams WebSocket connection with incremental SUBSCRIBE/UNSUBSCRIBE. */
export interface BinanceConnection {
  readonly seq: number;
  start(): void;
  stop(): void;
  subscribe(streams: readonly string[]): void;
  unsubscribe(streams: readonly string[]): void;
  isOpen(): boolean;
  /** Open and every open-time SUBSCRIBE acknowledged. */
  isReady(): boolean;
  openedAt(): number | null;
  /** Last frame time (epoch ms), or null. */
  lastHeard(): number | null;
}

let connectionSeq = 0;

/** Creates a connection; it reconnects by itself (backoff + shared limiter) until `stop()`. */
export function createBinanceConnection(options: BinanceConnectionOptions): BinanceConnection {
  const seq = ++connectionSeq;
  const base = options.wsUrl.replace(/\/+$/, '');
  let ready = false;
  let lastHeard: number | null = null;
  const openIds = new Set<number>();
  let ops: { method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; streams: string[] }[] = [];
  // NOTE: interest changes of one tick (a client subscribing to many symbols) are merged into as
  // few messages as possible: every message costs one of the 5 per second.
  const enqueue = (method: 'SUBSCRIBE' | 'UNSUBSCRIBE', streams: readonly string[]): void => {
    if (streams.length === 0 || !socket.isOpen()) return;
    const last = ops.at(-1);
    if (last?.method === method) last.streams.push(...streams);
    else ops.push({ method, streams: [...streams] });
    if (ops.length === 1 && last === undefined) queueMicrotask(flush);
  };
  const flush = (): void => {
    const pending = ops;
    ops = [];
    for (const op of pending) request(op.method, op.streams);
  };

  const request = (method: 'SUBSCRIBE' | 'UNSUBSCRIBE', streams: readonly string[]): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < streams.length; i += options.streamsPerMessage) {
      const id = options.nextId();
      if (socket.send(JSON.stringify({ method, params: streams.slice(i, i + options.streamsPerMessage), id }))) ids.push(id);
    }
    return ids;
  };

  const conn: BinanceConnection = {
    seq,
    start: () => socket.start(),
    stop: () => socket.stop(),
    subscribe: (streams) => enqueue('SUBSCRIBE', streams),
    unsubscribe: (streams) => enqueue('UNSUBSCRIBE', streams),
    isOpen: () => socket.isOpen(),
    isReady: () => ready && socket.isOpen(),
    openedAt: () => socket.openedAt(),
    lastHeard: () => lastHeard,
  };

  const socket = createVenueSocket({
    url: () => `${base}/stream`,
    pacing: options.pacing,
    backoff: options.backoff,
    limiter: options.limiter,
    now: options.now,
    onOpen() {
      ready = false;
      openIds.clear();
      ops = [];
      options.onOpen(conn);
      for (const id of request('SUBSCRIBE', options.streams())) openIds.add(id);
      if (openIds.size === 0) {
        ready = true;
        options.onReady(conn);
      }
    },
    onMessage(text) {
      lastHeard = options.now();
      const frame = parseFrame(text);
      if (frame.kind === 'reply' || frame.kind === 'error') {
        if (frame.kind === 'error') options.onRequestError(conn, frame.code, frame.msg);
        if (frame.id !== null && openIds.delete(frame.id) && openIds.size === 0 && !ready) {
          ready = true;
          options.onReady(conn);
        }
        return;
      }
      options.onFrame(conn, frame);
    },
    onClose(info) {
      ready = false;
      openIds.clear();
      options.onClose(conn, info);
    },
  });
  return conn;
}
