import WebSocket from 'ws';
import { createBackoff, createTokenBucket, type AttemptLimiter, type BackoffOptions, type TokenBucketOptions } from '@candlewire/pacing';

/** How a venue connection ended. */
export interface VenueCloseInfo {
  code: number;
  reason: string;
  /** False when the attempt failed before the socket opened. */
  wasOpen: boolean;
}

/** Options of `createVenueSocket`. */
export interface VenueSocketOptions {
  /** URL of each attempt (a function, so endpoints or stream lists may change between attempts). */
  url: () => string;
  /** Pacing of EVERYTHING sent, pong frames included (venue message limits). */
  pacing: Omit<TokenBucketOptions, 'now'>;
  /** Reconnect delays (full jitter). */
  backoff: BackoffOptions;
  /** Shared connection-attempt limiter (one per venue host/IP). */
  limiter?: AttemptLimiter;
  /** The backoff resets after a connection stayed open this long, ms (default 5000). */
  stableMs?: number;
  /** Reconnect after a close (default true). */
  reconnect?: boolean;
  /** Clock, ms (default Date.now). */
  now?: () => number;
  onOpen(): void;
  onMessage(text: string): void;
  onClose(info: VenueCloseInfo): void;
}

/** A reconnecting `ws` client whose outgoing frames (messages and pongs) go through a token bucket. */
export interface VenueSocket {
  /** Opens the first connection; idempotent. */
  start(): void;
  /** Queues a text frame; sent when the bucket allows. False (dropped) when not open. */
  send(text: string): boolean;
  /** Closes for good (no reconnect); idempotent. */
  stop(): void;
  /** Cuts the current connection (e.g. a venue handshake timed out); the usual backoff reconnect follows. */
  drop(): void;
  /** True while the current connection is open. */
  isOpen(): boolean;
  /** When the current connection opened (epoch ms), or null. */
  openedAt(): number | null;
  /** Frames waiting for a token. */
  queued(): number;
  /** Connection attempts made. */
  attempts(): number;
}

type Outgoing = { kind: 'text'; text: string } | { kind: 'pong'; data: Buffer };

/** Creates a venue socket; nothing happens until `start()`. */
export function createVenueSocket(options: VenueSocketOptions): VenueSocket {
  const now = options.now ?? Date.now;
  const stableMs = options.stableMs ?? 5000;
  const backoff = createBackoff(options.backoff);
  const bucket = createTokenBucket({ ...options.pacing, now });
  let ws: WebSocket | null = null;
  let open = false;
  let openedAt: number | null = null;
  let started = false;
  let stopped = false;
  let attempts = 0;
  let queue: Outgoing[] = [];
  let drainTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stableTimer: ReturnType<typeof setTimeout> | null = null;

  const clear = (timer: ReturnType<typeof setTimeout> | null): null => {
    if (timer !== null) clearTimeout(timer);
    return null;
  };

  const drain = (): void => {
    drainTimer = clear(drainTimer);
    while (open && ws !== null && queue.length > 0) {
      if (!bucket.take()) {
        drainTimer = setTimeout(drain, Math.max(1, bucket.waitMs()));
        return;
      }
      const next = queue.shift();
      if (next === undefined) return;
      if (next.kind === 'text') ws.send(next.text);
      else ws.pong(next.data);
    }
  };

  const connect = (): void => {
    retryTimer = clear(retryTimer);
    if (stopped) return;
    const wait = options.limiter?.waitMs() ?? 0;
    if (wait > 0) {
      // NOTE: the venue's attempt budget is exhausted: wait for the window, not for the backoff.
      retryTimer = setTimeout(connect, wait);
      return;
    }
    options.limiter?.record();
    attempts += 1;
    // NOTE: autoPong off: pongs are answered below through the token bucket, since venues
    // (Binance) count pong frames against the per-connection message limit.
    const socket = new WebSocket(options.url(), { autoPong: false });
    ws = socket;
    let wasOpen = false;
    socket.on('open', () => {
      if (ws !== socket) return;
      wasOpen = true;
      open = true;
      openedAt = now();
      stableTimer = clear(stableTimer);
      stableTimer = setTimeout(() => backoff.reset(), stableMs);
      options.onOpen();
      drain();
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (ws !== socket) return;
      const text = isBinary
        ? ''
        : Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8');
      options.onMessage(text);
    });
    socket.on('ping', (data: Buffer) => {
      if (ws !== socket || !open) return;
      // NOTE: pongs jump the queue: a venue drops connections whose pongs are late.
      queue.unshift({ kind: 'pong', data });
      drain();
    });
    socket.on('error', () => undefined); // NOTE: 'close' always follows; it drives the reconnect.
    socket.on('close', (code: number, reason: Buffer) => {
      if (ws !== socket) return;
      ws = null;
      open = false;
      openedAt = null;
      queue = [];
      drainTimer = clear(drainTimer);
      stableTimer = clear(stableTimer);
      if (!stopped) {
        options.onClose({ code, reason: reason.toString('utf8'), wasOpen });
        if (options.reconnect !== false && !stopped) retryTimer = setTimeout(connect, backoff.next());
      }
    });
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      connect();
    },
    send(text) {
      if (!open) return false;
      queue.push({ kind: 'text', text });
      drain();
      return true;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      retryTimer = clear(retryTimer);
      drainTimer = clear(drainTimer);
      stableTimer = clear(stableTimer);
      queue = [];
      const socket = ws;
      ws = null;
      open = false;
      openedAt = null;
      if (socket !== null) {
        // NOTE: a close frame is one more frame; only spend it when the bucket allows.
        if (socket.readyState === WebSocket.OPEN && bucket.take()) socket.close(1000);
        else socket.terminate();
      }
    },
    drop() {
      // NOTE: 'close' follows asynchronously and runs the normal onClose + backoff path.
      ws?.terminate();
    },
    isOpen: () => open,
    openedAt: () => openedAt,
    queued: () => queue.length,
    attempts: () => attempts,
  };
}
