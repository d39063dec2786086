import type { Channel, ChannelData, ChannelKind, ChannelSnapshot, ErrorCode, StreamPosition } from '@candlewire/protocol';

/** Connection states (one axis; data freshness is another, per channel). */
export type ConnectionState =
  | { status: 'connecting'; attempt: number }
  | { status: 'connected'; sessionId: string; since: number; latencyMs: number | null }
  | { status: 'reconnecting'; attempt: number; retryInMs: number; retryAt: number; lastCloseCode: number | null }
  | { status: 'offline'; reason: 'browser-offline' | 'stopped' };

/** Emitted on every state change, centrifuge-style. */
export interface StateChange {
  newState: ConnectionState;
  oldState: ConnectionState;
}

/** What a listener of a channel of kind `K` receives: `snapshot` and `data` typed by the channel map. */
export type ChannelEvent<K extends ChannelKind = ChannelKind> =
  /** Full state: on first subscribe, for a late listener, and after a reset (`recovered:false` on resubscribe). */
  | { type: 'snapshot'; channel: Channel<K>; snapshot: ChannelSnapshot[K]; reset: boolean; position: StreamPosition }
  /** One live update, in seq order, never duplicated. */
  | { type: 'update'; channel: Channel<K>; seq: number; data: ChannelData[K] }
  /** The server refused the channel (e.g. UNKNOWN_SYMBOL); the listener stays registered. */
  | { type: 'error'; channel: Channel<K>; code: ErrorCode; message: string };

/** A listener of a channel of kind `K`. */
export type ChannelListener<K extends ChannelKind = ChannelKind> = (event: ChannelEvent<K>) => void;

/** Minimal WebSocket surface the client needs (browser WebSocket and the `ws` package both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Constructor of a WebSocketLike. */
export type WebSocketFactory = (url: string) => WebSocketLike;

/** Options of `createClient`. */
export interface ClientOptions {
  /**
   * The gateway's `/ws` URL, or several: the client starts on a random one and, when its socket
   * is lost, reconnects to the next (resuming its channels there). No sticky sessions needed.
   */
  url: string | readonly string[];
  /** Defaults to `globalThis.WebSocket`. In Node pass `(url) => new WebSocket(url)` from `ws`. */
  createSocket?: WebSocketFactory;
  /** Source of randomness for full-jitter backoff (tests pass a fixed one). */
  random?: () => number;
  now?: () => number;
  /** Where `online`/`offline` events come from (the browser's `window`); none in Node. */
  networkEvents?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { navigator?: { onLine: boolean } };
  /** How often to ping for latency; default 5000 ms. */
  pingIntervalMs?: number;
}

/** The framework-free Candlewire client: one socket, many channels. */
export interface CandlewireClient {
  readonly state: ConnectionState;
  /** Subscribes to state changes; returns the unsubscribe function. */
  onStateChange(listener: (change: StateChange) => void): () => void;
  /**
   * Adds a listener to `channel`. The first listener subscribes on the server; later ones share
   * it and get the current snapshot at once; the last one leaving unsubscribes.
   */
  subscribe<K extends ChannelKind>(channel: Channel<K>, listener: ChannelListener<K>): () => void;
  /** Epoch ms of the last message heard from the server, or null. */
  lastMessageAt(): number | null;
  /**
   * Channels whose data the gateway says is delayed (it lost its store of streams, e.g. Redis):
   * the socket and the subscriptions stay, updates resume with no gap once it says `live`.
   */
  staleChannels(): ReadonlySet<Channel>;
  /** Whether `channel` is stale now (see `staleChannels`). */
  isStale(channel: Channel): boolean;
  /** Calls `listener` with the stale channels on every change; returns the unsubscribe function. */
  onStaleChange(listener: (stale: ReadonlySet<Channel>) => void): () => void;
  /** Connects (idempotent). */
  start(): void;
  /** Closes and stays `offline` until `start()`. */
  stop(): void;
}
