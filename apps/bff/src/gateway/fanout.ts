import type { Channel } from '@candlewire/protocol';
import type { Broker, StreamUpdate } from '../broker/types';
import type { Metrics } from '../metrics';
import type { Connection } from './connection';
import { batchFrame, encodePacket, type Packet } from './frames';
import { createLoadGauge, windowFor } from './load-gauge';

/** Options of the fan-out. */
export interface FanoutOptions {
  broker: Broker;
  metrics: Metrics;
  /** The longest batching window: a busy connection gets at most one frame per `flushMs`. */
  flushMs: number;
  /** A connection whose unsent bytes pass this is closed with 1013. */
  maxBufferedBytes: number;
  /** When all connections together owe more than this, the ones owing most are closed with 1013. */
  maxTotalBufferedBytes: number;
  onSlowConsumer: (c: Connection) => void;
  now: () => number;
  /** Event-loop load 0..1 (default: measured); the batching window grows with it. */
  load?: () => number;
}

/** Channel → connections fan-out with adaptive per-connection batching. */
export interface Fanout {
  add(c: Connection, channel: Channel): void;
  remove(c: Connection, channel: Channel): void;
  /** Queues one serialized message for `c`. */
  enqueue(c: Connection, message: string): void;
  /** Writes `c`'s queue now (control replies go out at once, behind what was queued before). */
  flush(c: Connection): void;
  subscriptionCount(): number;
  /** The connections in `channel`'s fan-out now. */
  subscribers(channel: Channel): ReadonlySet<Connection>;
  /** Forgets a closed connection. */
  release(c: Connection): void;
  /** The batching window in force now, ms. */
  window(): number;
}

/**
 * NOTE: each update is serialized by the broker and encoded here once, as a complete WebSocket
 * frame (`Packet`); every subscriber's queue holds the same packet. A connection with one queued
 * message gets those shared bytes as they are; one with several gets one frame holding a JSON
 * array, its payloads copied from the shared encodings. A frame costs far more than a message
 * in it (a syscall and the stream machinery per socket), so the window batches only while the
 * event loop is busy (`load-gauge.ts`): idle, a message goes out at the end of its burst.
 */
export function createFanout(options: FanoutOptions): Fanout {
  const { broker, metrics, now } = options;
  const load = options.load ?? createLoadGauge();
  const members = new Map<Channel, { conns: Set<Connection>; detach: () => void }>();
  const dirty = new Set<Connection>();
  const owed = createOwedBytes(options);
  let immediate: NodeJS.Immediate | null = null;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;
  let subscriptions = 0;

  /**
   * NOTE: connections with the same channels get the same queue (the same packets in the same
   * order); within one round their batch frame is built once and the same bytes go to each.
   */
  let shared = new Map<Packet, { queue: Packet[]; bytes: Buffer }[]>();
  const frameFor = (queue: Packet[], count: number): Buffer | null => {
    const first = queue[0];
    if (first === undefined) return null;
    if (count === 1) return first.bytes;
    const candidates = shared.get(first);
    const hit = candidates?.find((x) => x.queue.length === count && x.queue.every((p, i) => p === queue[i]));
    if (hit !== undefined) return hit.bytes;
    const bytes = batchFrame(queue, count);
    const entry = { queue: queue.slice(0, count), bytes };
    if (candidates === undefined) shared.set(first, [entry]);
    else if (candidates.length < 8) candidates.push(entry);
    return bytes;
  };

  const write = (c: Connection): void => {
    const count = c.queued;
    if (count === 0) return;
    c.queued = 0;
    const open = !c.closed && c.ws.readyState === c.ws.OPEN;
    const slow = open && c.ws.bufferedAmount > options.maxBufferedBytes;
    const bytes = open && !slow ? frameFor(c.queue, count) : null;
    // NOTE: clear the slots (a stale one could pin a large snapshot reply); a queue that once
    // grew large (a resume's backlog) is dropped rather than kept for the connection's lifetime.
    if (c.queue.length > 64) c.queue = [];
    else c.queue.fill(EMPTY, 0, count);
    if (slow) options.onSlowConsumer(c);
    if (bytes === null) return;
    // NOTE: the frame is complete, so writing it to the socket ws reads and writes is safe: ws
    // (no compression) writes its own frames (pings, close) whole and synchronously too.
    c.socket.write(bytes);
    const at = now();
    c.lastSentAt = at;
    metrics.framesSent.inc();
    metrics.messagesSent.inc(count);
    metrics.bytesSent.inc(bytes.length);
    metrics.sendLatency.observe((at - c.queuedAt) / 1000);
    owed.track(c);
  };

  /**
   * NOTE: runs once after each burst of publishes (setImmediate), so a message waits for the
   * end of its burst, not for a timer. A connection written within the current window waits
   * for its own due time (one shared timer); one that was not is written now. Due times follow
   * each connection's last write, so connections spread over the window instead of all writing
   * in one long round.
   */
  const run = (): void => {
    immediate = null;
    const at = now();
    const window = windowFor(load(), options.flushMs);
    let next = Infinity;
    for (const c of dirty) {
      const due = c.flushedAt + window;
      if (due <= at) {
        dirty.delete(c);
        c.flushedAt = at;
        write(c);
      } else if (due < next) next = due;
    }
    if (shared.size > 0) shared = new Map();
    if (next < timerAt) {
      if (timer !== null) clearTimeout(timer);
      timerAt = next;
      timer = setTimeout(
        () => {
          timer = null;
          timerAt = Infinity;
          run();
        },
        Math.max(1, Math.ceil(next - at)),
      );
    }
  };

  const enqueuePacket = (c: Connection, packet: Packet): void => {
    if (c.queued === 0) {
      c.queuedAt = now();
      dirty.add(c);
    }
    c.queue[c.queued++] = packet;
    immediate ??= setImmediate(run);
  };

  const onUpdate = (update: StreamUpdate): void => {
    const entry = members.get(update.channel);
    if (entry === undefined) return;
    const packet = encodePacket(update.frame);
    for (const c of entry.conns) enqueuePacket(c, packet);
  };

  return {
    add(c, channel) {
      let entry = members.get(channel);
      if (entry === undefined) {
        entry = { conns: new Set(), detach: broker.listen(channel, onUpdate) };
        members.set(channel, entry);
      }
      if (!entry.conns.has(c)) {
        entry.conns.add(c);
        subscriptions++;
        metrics.subscriptions.set(subscriptions);
      }
    },
    remove(c, channel) {
      const entry = members.get(channel);
      if (entry?.conns.delete(c) !== true) return;
      subscriptions--;
      metrics.subscriptions.set(subscriptions);
      if (entry.conns.size === 0) {
        entry.detach();
        members.delete(channel);
      }
    },
    enqueue: (c, message) => enqueuePacket(c, encodePacket(message)),
    flush(c) {
      dirty.delete(c);
      c.flushedAt = now();
      write(c);
      if (shared.size > 0) shared = new Map();
    },
    subscriptionCount: () => subscriptions,
    subscribers: (channel) => members.get(channel)?.conns ?? NO_CONNECTIONS,
    release(c) {
      dirty.delete(c);
      owed.forget(c);
    },
    window: () => windowFor(load(), options.flushMs),
  };
}

const EMPTY: Packet = { bytes: Buffer.alloc(0), offset: 0 };
const NO_CONNECTIONS: ReadonlySet<Connection> = new Set();

/**
 * What the connections owe in total (bytes written to their sockets, not yet sent), kept from
 * each connection's last write. NOTE: the per-socket cap bounds one client; this bounds them all
 * (10,000 clients × 4 MiB would be 40 GiB): past the total, the connections owing most are
 * closed (1013, they resume) until the rest fit.
 */
function createOwedBytes(options: Pick<FanoutOptions, 'maxTotalBufferedBytes' | 'onSlowConsumer'>): {
  track(c: Connection): void;
  forget(c: Connection): void;
} {
  const owed = new Map<Connection, number>();
  let total = 0;
  const shed = (): void => {
    // NOTE: a connection's figure is from its last write; it may have drained since: recount first.
    total = 0;
    for (const [c] of owed) {
      const bytes = c.closed ? 0 : c.ws.bufferedAmount;
      if (bytes === 0) owed.delete(c);
      else owed.set(c, bytes);
      total += bytes;
    }
    if (total <= options.maxTotalBufferedBytes) return;
    const heaviest = [...owed].sort((a, b) => b[1] - a[1]);
    for (const [c, bytes] of heaviest) {
      if (total <= options.maxTotalBufferedBytes) break;
      owed.delete(c);
      total -= bytes;
      options.onSlowConsumer(c);
    }
  };
  return {
    track(c) {
      const bytes = c.ws.bufferedAmount;
      const before = owed.get(c) ?? 0;
      if (bytes === before) return;
      total += bytes - before;
      if (bytes === 0) owed.delete(c);
      else owed.set(c, bytes);
      if (total > options.maxTotalBufferedBytes) shed();
    },
    forget(c) {
      total -= owed.get(c) ?? 0;
      owed.delete(c);
    },
  };
}
