import {
  createChannelMap,
  createSnapshotReducer,
  parseChannel,
  type Channel,
  type ChannelKind,
  type ChannelSnapshot,
  type Rejection,
  type ServerMessage,
  type SnapshotReducer,
  type StreamPosition,
  type SubscribedMessage,
  type UpdateMessage,
} from '@candlewire/protocol';
import type { OutgoingMessage } from './connection';
import type { ChannelEvent, ChannelListener } from './types';

/** Delay before re-sending a subscribe the server dropped with RATE_LIMITED. */
export const RATE_LIMITED_RETRY_MS = 1000;
/**
 * Wait before subscribing again after `INTERNAL` (the server could not load the channel, e.g. its
 * venue's history is unreachable): the error reaches listeners, and the channel keeps trying.
 */
export const INTERNAL_RETRY_MS = 5000;

/** What the channel layer needs from the connection. */
export interface ChannelsOptions {
  /** Sends (rate-limited) and returns the message id. */
  send(message: OutgoingMessage): number;
  /** True once `welcome` was heard on the current socket. */
  isConnected(): boolean;
  /** 0 when a message can leave now; else how long the rate limit wants us to wait. */
  sendWaitMs(): number;
  /** Largest frame the server accepts (from `welcome`). */
  maxMessageBytes(): number;
}

/** Ref-counted channel subscriptions with their state, positions and resume map. */
export interface Channels {
  subscribe<K extends ChannelKind>(channel: Channel<K>, listener: ChannelListener<K>): () => void;
  onWelcome(): void;
  onMessage(message: ServerMessage): void;
  /**
   * A server message that broke the contract was dropped: logged, and a refused update of a live
   * channel counts as seen (its seq is skipped), so it cannot cause a resubscribe loop.
   */
  onRejected(rejection: Rejection): void;
  onDown(): void;
}

/** Server-side status of a channel: idle = not asked on this socket; failed = refused, not retried. */
type Status = 'idle' | 'pending' | 'live' | 'failed';

/** One listener of a channel of kind `K`. */
interface ListenerRef<K extends ChannelKind> {
  call(event: ChannelEvent<K>): void;
}

interface Entry<K extends ChannelKind> {
  readonly name: Channel<K>;
  readonly listeners: Set<ListenerRef<K>>;
  status: Status;
  requestId: number | null;
  /** Epoch and seq of the last update held; null before the first snapshot. */
  position: StreamPosition | null;
  reducer: SnapshotReducer<K> | null;
  /** A gap was seen: unsubscribe then subscribe with resume, so the server really resumes. */
  gap: boolean;
}

const newEntry = <K extends ChannelKind>(name: Channel<K>): Entry<K> => ({
  name,
  listeners: new Set(),
  status: 'idle',
  requestId: null,
  position: null,
  reducer: null,
  gap: false,
});

function loadSnapshot<K extends ChannelKind>(channel: Channel<K>, snapshot: ChannelSnapshot[K] | undefined): SnapshotReducer<K> {
  const reducer = createSnapshotReducer(channel);
  if (snapshot !== undefined) reducer.load(snapshot);
  return reducer;
}

/** Creates the channel layer; `flush` of queued subscribe/unsubscribe requests runs once per tick. */
export function createChannels(o: ChannelsOptions): Channels {
  const entries = createChannelMap<{ [K in ChannelKind]: Entry<K> }>({
    quote: newEntry,
    trades: newEntry,
    candles: newEntry,
    markets: newEntry,
    alerts: newEntry,
  });
  const dirty = new Set<Channel>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushDelayMs = 0;

  const emit = <K extends ChannelKind>(e: Entry<K>, event: ChannelEvent<K>): void => {
    for (const listener of [...e.listeners]) {
      try {
        listener.call(event);
      } catch (err) {
        console.error(`candlewire: listener of ${e.name} threw`, err);
      }
    }
  };
  const snapshotEvent = <K extends ChannelKind>(e: Entry<K>, reset: boolean): ChannelEvent<K> | null =>
    e.reducer === null || e.position === null
      ? null
      : { type: 'snapshot', channel: e.name, snapshot: e.reducer.value(), reset, position: { ...e.position } };

  /** Flushes after `delayMs`; a sooner flush replaces a later one. */
  const scheduleFlush = (delayMs: number): void => {
    if (flushTimer !== undefined && flushDelayMs <= delayMs) return;
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushDelayMs = delayMs;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      flush();
    }, delayMs);
  };
  const markDirty = (channel: Channel): void => {
    dirty.add(channel);
    // NOTE: a timer, not a microtask: every subscribe/unsubscribe of one tick (a React commit,
    // a burst of effects) lands in one message, and 1 → 0 → 1 listeners in a tick is no traffic.
    scheduleFlush(0);
  };

  const sendSubscribe = (names: Channel[]): void => {
    if (names.length === 0) return;
    const resume: Record<string, StreamPosition> = {};
    for (const name of names) {
      const e = entries.get(name);
      if (e !== undefined && e.reducer !== null && e.position !== null) resume[name] = e.position;
    }
    const message: OutgoingMessage =
      Object.keys(resume).length > 0 ? { op: 'subscribe', channels: names, resume } : { op: 'subscribe', channels: names };
    // NOTE: stay well under maxMessageBytes: split the request in halves until it fits.
    if (names.length > 1 && JSON.stringify(message).length > o.maxMessageBytes() * 0.8) {
      const half = Math.ceil(names.length / 2);
      sendSubscribe(names.slice(0, half));
      sendSubscribe(names.slice(half));
      return;
    }
    const id = o.send(message);
    for (const name of names) {
      const e = entries.get(name);
      if (e === undefined) continue;
      e.status = 'pending';
      e.requestId = id;
      e.gap = false;
    }
  };

  const flush = (): void => {
    const waitMs = o.isConnected() ? o.sendWaitMs() : 0;
    if (waitMs > 0) {
      // NOTE: rate-limited: keep the requests dirty so the ones of the coming ticks join them.
      scheduleFlush(waitMs);
      return;
    }
    const subs: Channel[] = [];
    const unsubs: Channel[] = [];
    for (const name of dirty) {
      const e = entries.get(name);
      if (e === undefined) continue;
      if (e.listeners.size === 0) {
        entries.delete(name);
        if (e.status === 'pending' || e.status === 'live' || e.gap) unsubs.push(name);
      } else if (e.status === 'idle') {
        if (e.gap) unsubs.push(name);
        subs.push(name);
      }
    }
    dirty.clear();
    if (!o.isConnected()) return; // onWelcome subscribes whatever still has listeners
    if (unsubs.length > 0) o.send({ op: 'unsubscribe', channels: unsubs });
    sendSubscribe(subs);
  };

  /** Marks entries of request `id` (or of `channel`) as refused; RATE_LIMITED is retried later. */
  const refuse = <K extends ChannelKind>(e: Entry<K>, code: ChannelEvent<K> & { type: 'error' }): void => {
    if (e.status !== 'pending') return;
    e.requestId = null;
    if (code.code === 'RATE_LIMITED' || code.code === 'INTERNAL') {
      // NOTE: a transient refusal: listeners hear of INTERNAL (a chart shows why it is empty),
      // and the entry stays pending (with no request) so no flush re-sends it before the pause is over.
      if (code.code === 'INTERNAL') emit(e, code);
      setTimeout(
        () => {
          if (e.status !== 'pending' || e.requestId !== null) return; // reconnected or re-sent meanwhile
          e.status = 'idle';
          markDirty(e.name);
        },
        code.code === 'INTERNAL' ? INTERNAL_RETRY_MS : RATE_LIMITED_RETRY_MS,
      );
      return;
    }
    e.status = 'failed';
    emit(e, code);
  };

  const onSubscribed = <K extends ChannelKind>(m: SubscribedMessage<K>): void => {
    const e = entries.get(m.channel);
    // NOTE: an unsolicited `subscribed` (no id) on a live channel: its stream restarted under a new epoch.
    const unsolicited = e?.status === 'live' && m.id === undefined && !m.recovered;
    if (e === undefined || e.listeners.size === 0 || (!unsolicited && (e.status !== 'pending' || m.id !== e.requestId))) return;
    e.status = 'live';
    if (m.recovered && e.reducer !== null) {
      // Missed updates follow from m.seq + 1 (protocol notes): no snapshot event.
      e.position = { epoch: m.epoch, seq: m.seq };
      return;
    }
    const reset = e.reducer !== null;
    e.reducer = loadSnapshot(m.channel, m.snapshot);
    e.position = { epoch: m.epoch, seq: m.seq };
    const event = snapshotEvent(e, reset);
    if (event !== null) emit(e, event);
  };

  const onUpdate = <K extends ChannelKind>(m: UpdateMessage<K>): void => {
    const e = entries.get(m.channel);
    // Channels with no listeners, pending or refused: ignored.
    if (e === undefined || e.listeners.size === 0 || e.status !== 'live' || e.position === null || e.reducer === null) return;
    if (m.seq <= e.position.seq) return; // duplicate (e.g. queued before a fresh snapshot)
    if (m.seq > e.position.seq + 1) {
      e.status = 'idle';
      e.gap = true;
      markDirty(e.name);
      return;
    }
    e.reducer.apply(m.data);
    e.position = { epoch: e.position.epoch, seq: m.seq };
    emit(e, { type: 'update', channel: e.name, seq: m.seq, data: m.data });
  };

  return {
    subscribe(channel, listener) {
      const entry = entries.ensure(channel);
      const ref = { call: listener };
      entry.listeners.add(ref);
      if (entry.status === 'failed') entry.status = 'idle'; // a new listener retries a refused channel
      const snapshot = snapshotEvent(entry, false);
      if (snapshot !== null) {
        try {
          listener(snapshot);
        } catch (err) {
          console.error(`candlewire: listener of ${channel} threw`, err);
        }
      }
      markDirty(channel);
      return () => {
        if (entry.listeners.delete(ref) && entry.listeners.size === 0) markDirty(channel);
      };
    },
    onWelcome() {
      const names: Channel[] = [];
      for (const [name, e] of entries.entries()) {
        if (e.listeners.size === 0) entries.delete(name);
        else if (e.status !== 'failed') names.push(name);
      }
      sendSubscribe(names);
    },
    onMessage(m) {
      if (m.type === 'update') onUpdate(m);
      else if (m.type === 'subscribed') onSubscribed(m);
      else if (m.type === 'error') {
        const event = <K extends ChannelKind>(e: Entry<K>): ChannelEvent<K> & { type: 'error' } => ({
          type: 'error',
          channel: e.name,
          code: m.code,
          message: m.message,
        });
        const named = m.channel === undefined ? null : parseChannel(m.channel);
        if (named !== null) {
          const e = named.ok ? entries.get(named.channel.name) : undefined;
          if (e !== undefined && (m.id === undefined || m.id === e.requestId)) refuse(e, event(e));
        } else if (m.id !== undefined) {
          for (const e of entries.values()) if (e.requestId === m.id) refuse(e, event(e));
        }
      }
    },
    onRejected({ reason, channel, seq }) {
      console.error(`candlewire: dropped a server message${channel === undefined ? '' : ` of ${channel}`}: ${reason}`);
      const e = channel === undefined ? undefined : entries.get(channel);
      if (e === undefined || e.status !== 'live' || e.position === null || seq !== e.position.seq + 1) return;
      e.position = { epoch: e.position.epoch, seq };
    },
    onDown() {
      for (const e of entries.values()) {
        if (e.status !== 'failed') e.status = 'idle';
        e.requestId = null;
        e.gap = false;
      }
    },
  };
}
