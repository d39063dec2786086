import { decodeServerFrame, type ClientMessage, type Rejection, type ServerMessage, type WelcomeMessage } from '@candlewire/protocol';
import { backoffDelay } from './backoff';
import { createSendQueue } from './send-queue';
import { noop } from './socket';
import { createStateStore } from './state';
import type { ClientOptions, ConnectionState, StateChange, WebSocketFactory, WebSocketLike } from './types';

/** Default interval between latency pings. */
export const DEFAULT_PING_INTERVAL_MS = 5000;
/** Time allowed from creating a socket to hearing `welcome`. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Close code the client uses for a socket it declares dead (no heartbeat, no welcome). */
export const DEAD_SOCKET_CLOSE_CODE = 4000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A client message before the connection gives it an `id`. */
export type OutgoingMessage = DistributiveOmit<ClientMessage, 'id'>;

/** What the connection needs: socket factory, clocks, and the channel layer's hooks. */
export interface ConnectionOptions {
  /** Gateways to try: a random first, then the next one after each loss. */
  urls: readonly string[];
  createSocket: WebSocketFactory;
  random: () => number;
  now: () => number;
  networkEvents: ClientOptions['networkEvents'];
  pingIntervalMs: number;
  /** Called once the server said `welcome` (state is `connected`). */
  onWelcome(welcome: WelcomeMessage): void;
  /** Every message after `welcome` except `pong` and `heartbeat`. */
  onMessage(message: ServerMessage): void;
  /** A message the decoder refused (not of the contract, e.g. data not of its channel's kind). */
  onRejected(rejection: Rejection): void;
  /** The socket is gone (closed, dead, stopped, offline): server-side subscriptions are lost. */
  onDown(): void;
}

/** Socket, state machine, backoff, watchdog and pings. */
export interface Connection {
  readonly state: ConnectionState;
  readonly welcome: WelcomeMessage | null;
  onStateChange(listener: (change: StateChange) => void): () => void;
  /** Queues `message` (rate-limited) with a fresh id and returns the id. Only while connected. */
  send(message: OutgoingMessage): number;
  /** 0 when a message sent now leaves at once; else the wait in ms (rate limit). */
  sendWaitMs(): number;
  lastMessageAt(): number | null;
  start(): void;
  stop(): void;
}

/** Creates the connection; it does nothing until `start()`. */
export function createConnection(o: ConnectionOptions): Connection {
  const store = createStateStore();
  const setState = store.set;
  let running = false;
  let socket: WebSocketLike | null = null;
  let welcome: WelcomeMessage | null = null;
  let attempt = 0;
  let policyCloses = 0;
  let nextId = 1;
  /** Bumped by every connect and stop: a nested stop()/start() from a listener wins. */
  let generation = 0;
  if (o.urls.length === 0) throw new Error('candlewire: no gateway URL given');
  let urlIndex = Math.floor(o.random() * o.urls.length) % o.urls.length;
  let lastHeard: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  const pings = new Map<number, number>();
  const queue = createSendQueue((text) => {
    try {
      socket?.send(text);
    } catch {
      // NOTE: a socket that fails to send is closing; its close event drives the reconnect.
    }
  });

  const browserOffline = (): boolean => o.networkEvents?.navigator?.onLine === false;

  const armWatchdog = (ms: number): void => {
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = setTimeout(() => drop(null), ms);
  };

  /** Forgets the current socket: handlers detached, timers and queue cleared. Returns it. */
  const detach = (): WebSocketLike | null => {
    const s = socket;
    socket = null;
    welcome = null;
    if (s !== null) s.onopen = s.onclose = s.onmessage = s.onerror = noop;
    if (watchdog !== undefined) clearTimeout(watchdog);
    if (pingTimer !== undefined) clearInterval(pingTimer);
    watchdog = pingTimer = undefined;
    queue.clear();
    pings.clear();
    return s;
  };
  const closeQuietly = (s: WebSocketLike | null, code: number, reason: string): void => {
    try {
      s?.close(code, reason);
    } catch {
      // already closed
    }
  };

  /** The socket ended (`code` null: declared dead by us): reconnect unless stopped or offline. */
  const down = (code: number | null): void => {
    detach();
    o.onDown();
    if (!running) return;
    if (browserOffline()) return setState({ status: 'offline', reason: 'browser-offline' });
    // NOTE: 1008 (policy) right after a welcome would reset `attempt`; count those closes so a
    // client refused again and again still backs off.
    policyCloses = code === 1008 ? policyCloses + 1 : 0;
    // NOTE: a lost gateway is likely gone (crash, deploy): try the next one.
    urlIndex = (urlIndex + 1) % o.urls.length;
    const delay = backoffDelay(attempt + policyCloses, o.random);
    attempt += 1;
    const gen = generation;
    setState({ status: 'reconnecting', attempt, retryInMs: delay, retryAt: o.now() + delay, lastCloseCode: code });
    if (running && gen === generation) retryTimer = setTimeout(connect, delay);
  };
  const drop = (code: number | null): void => {
    const s = detach();
    closeQuietly(s, DEAD_SOCKET_CLOSE_CODE, 'no heartbeat');
    down(code);
  };

  const connect = (): void => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    const gen = ++generation;
    setState({ status: 'connecting', attempt });
    if (!running || gen !== generation) return; // NOTE: a state listener stopped or restarted us
    let s: WebSocketLike;
    try {
      s = o.createSocket(o.urls[urlIndex] ?? '');
    } catch (err) {
      console.error('candlewire: could not create the socket', err);
      return down(null);
    }
    socket = s;
    s.onmessage = (ev) => {
      if (socket === s) receive(s, ev.data);
    };
    s.onclose = (ev) => {
      if (socket === s) down(ev.code);
    };
    s.onerror = noop; // the close event follows
    armWatchdog(CONNECT_TIMEOUT_MS);
  };

  const receive = (s: WebSocketLike, data: unknown): void => {
    if (typeof data !== 'string') return;
    lastHeard = o.now();
    armWatchdog(welcome === null ? CONNECT_TIMEOUT_MS : 2 * welcome.heartbeatMs);
    let messages: ServerMessage[];
    try {
      messages = decodeServerFrame(data, (rejection) => o.onRejected(rejection));
    } catch {
      return;
    }
    for (const m of messages) {
      if (socket !== s) return; // a handler closed or replaced the socket
      handle(m);
    }
  };

  const handle = (m: ServerMessage): void => {
    if (m.type === 'welcome') {
      welcome = m;
      attempt = 0;
      queue.configure(m.limits.maxMessagesPerSecond);
      armWatchdog(2 * m.heartbeatMs);
      const s = socket;
      setState({ status: 'connected', sessionId: m.sessionId, since: o.now(), latencyMs: null });
      if (socket !== s || s === null) return;
      o.onWelcome(m);
      ping();
      pingTimer = setInterval(ping, o.pingIntervalMs);
    } else if (m.type === 'pong') {
      const sentAt = m.id === undefined ? undefined : pings.get(m.id);
      if (sentAt === undefined || m.id === undefined) return;
      pings.delete(m.id);
      const latencyMs = Math.max(0, o.now() - sentAt);
      const current = store.get();
      if (current.status === 'connected' && current.latencyMs !== latencyMs) setState({ ...current, latencyMs });
    } else if (m.type !== 'heartbeat' && welcome !== null) {
      o.onMessage(m);
    }
  };

  const send = (message: OutgoingMessage): number => {
    const id = nextId++;
    if (welcome !== null) queue.push(JSON.stringify({ ...message, id }));
    return id;
  };
  const ping = (): void => {
    // NOTE: a pong that never comes is the watchdog's business; keep the map small.
    if (pings.size > 10) pings.clear();
    pings.set(send({ op: 'ping' }), o.now());
  };

  const onOffline = (): void => {
    if (!running) return;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    const s = detach();
    if (s !== null) {
      closeQuietly(s, 1000, 'browser offline');
      o.onDown();
    }
    if (store.get().status !== 'offline') setState({ status: 'offline', reason: 'browser-offline' });
  };
  const onOnline = (): void => {
    if (!running) return;
    const { status } = store.get();
    if (status === 'offline' || status === 'reconnecting') connect();
  };

  return {
    get state() {
      return store.get();
    },
    get welcome() {
      return welcome;
    },
    onStateChange: store.subscribe,
    send,
    sendWaitMs: () => queue.waitMs(),
    lastMessageAt: () => lastHeard,
    start() {
      if (running) return;
      running = true;
      o.networkEvents?.addEventListener('offline', onOffline);
      o.networkEvents?.addEventListener('online', onOnline);
      if (browserOffline()) setState({ status: 'offline', reason: 'browser-offline' });
      else connect();
    },
    stop() {
      if (!running) return;
      running = false;
      generation++;
      o.networkEvents?.removeEventListener('offline', onOffline);
      o.networkEvents?.removeEventListener('online', onOnline);
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      const s = detach();
      closeQuietly(s, 1000, 'client stopped');
      if (s !== null) o.onDown();
      setState({ status: 'offline', reason: 'stopped' });
    },
  };
}
