import type { AttemptLimiter, BackoffOptions, TokenBucketOptions } from '@candlewire/pacing';
import { createInterestBatch } from '../venue-kit/interest-batch';
import { createVenueSocket, type VenueCloseInfo, type VenueSocket } from '../venue-kit/venue-socket';
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

type Method = 'SUBSCRIBE' | 'UNSUBSCRIBE';

/** Sends `streams` as `{method, params, id}` messages of at most `perMessage` streams; returns the ids sent. */
function sendRequests(socket: VenueSocket, options: BinanceConnectionOptions, method: Method, streams: readonly string[]): number[] {
  const ids: number[] = [];
  for (let i = 0; i < streams.length; i += options.streamsPerMessage) {
    const id = options.nextId();
    if (socket.send(JSON.stringify({ method, params: streams.slice(i, i + options.streamsPerMessage), id }))) ids.push(id);
  }
  return ids;
}

/** Creates a connection; it reconnects by itself (backoff + shared limiter) until `stop()`. */
export function createBinanceConnection(options: BinanceConnectionOptions): BinanceConnection {
  const seq = ++connectionSeq;
  const base = options.wsUrl.replace(/\/+$/, '');
  let ready = false;
  let lastHeard: number | null = null;
  /** Ids of the open-time SUBSCRIBEs not acknowledged yet. */
  const openIds = new Set<number>();

  const becomeReady = (): void => {
    ready = true;
    options.onReady(conn);
  };
  /** A new connection: everything it must carry is subscribed; ready once every request is acknowledged. */
  const opened = (): void => {
    ready = false;
    openIds.clear();
    batch.clear();
    options.onOpen(conn);
    for (const id of sendRequests(socket, options, 'SUBSCRIBE', options.streams())) openIds.add(id);
    if (openIds.size === 0) becomeReady();
  };
  /** A reply or error reply to one of our requests. */
  const replied = (id: number | null): void => {
    if (id !== null && openIds.delete(id) && openIds.size === 0 && !ready) becomeReady();
  };
  const message = (text: string): void => {
    lastHeard = options.now();
    const frame = parseFrame(text);
    if (frame.kind === 'error') options.onRequestError(conn, frame.code, frame.msg);
    if (frame.kind === 'reply' || frame.kind === 'error') return replied(frame.id);
    options.onFrame(conn, frame);
  };

  const socket = createVenueSocket({
    url: () => `${base}/stream`,
    pacing: options.pacing,
    backoff: options.backoff,
    limiter: options.limiter,
    now: options.now,
    onOpen: opened,
    onMessage: message,
    onClose(info) {
      ready = false;
      openIds.clear();
      options.onClose(conn, info);
    },
  });
  // NOTE: every message costs one of the 5 per second: a tick's interest changes are merged.
  const batch = createInterestBatch<Method>({
    canSend: () => socket.isOpen(),
    send: (method, streams) => void sendRequests(socket, options, method, streams),
  });

  const conn: BinanceConnection = {
    seq,
    start: () => socket.start(),
    stop: () => socket.stop(),
    subscribe: (streams) => batch.add('SUBSCRIBE', streams),
    unsubscribe: (streams) => batch.add('UNSUBSCRIBE', streams),
    isOpen: () => socket.isOpen(),
    isReady: () => ready && socket.isOpen(),
    openedAt: () => socket.openedAt(),
    lastHeard: () => lastHeard,
  };
  return conn;
}
