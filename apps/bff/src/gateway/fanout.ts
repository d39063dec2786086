import type { Channel } from '@candlewire/protocol';
import type { Broker, StreamUpdate } from '../broker/types';
import type { Metrics } from '../metrics';
import type { Connection } from './connection';

/** Options of the fan-out. */
export interface FanoutOptions {
  broker: Broker;
  metrics: Metrics;
  /** A connection gets at most one frame per `flushMs`: the longest a message waits to be batched. */
  flushMs: number;
  /** A connection whose unsent bytes pass this is closed with 1013. */
  maxBufferedBytes: number;
  onSlowConsumer: (c: Connection) => void;
  now: () => number;
}

/** Channel → connections fan-out with per-connection batching. */
export interface Fanout {
  add(c: Connection, channel: Channel): void;
  remove(c: Connection, channel: Channel): void;
  /** Queues one serialized message for `c`. */
  enqueue(c: Connection, message: string): void;
  /** Writes `c`'s queue now (control replies go out at once, behind what was queued before). */
  flush(c: Connection): void;
  subscriptionCount(): number;
}

/**
 * NOTE: each update is serialized once by the broker; here the same string goes into every
 * subscriber's queue, and each connection gets one frame per flush (a JSON array when it holds
 * several messages). The cost of fan-out is per frame, so batching is what buys throughput.
 */
export function createFanout(options: FanoutOptions): Fanout {
  const { broker, metrics, now } = options;
  const members = new Map<Channel, { conns: Set<Connection>; detach: () => void }>();
  const dirty = new Set<Connection>();
  let immediate: NodeJS.Immediate | null = null;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;
  let subscriptions = 0;

  /**
   * NOTE: connections with the same channels get the same queue (the same update strings in the
   * same order); within one round their frame is built once and the same bytes go to each.
   */
  let shared = new Map<string, { queue: string[]; bytes: Buffer }[]>();
  const frameFor = (queue: string[], count: number): Buffer => {
    const first = queue[0] ?? '';
    const candidates = shared.get(first);
    const hit = candidates?.find((x) => x.queue.length === count && x.queue.every((m, i) => m === queue[i]));
    if (hit !== undefined) return hit.bytes;
    const messages = queue.slice(0, count);
    const bytes = Buffer.from(count === 1 ? first : `[${messages.join(',')}]`);
    if (candidates === undefined) shared.set(first, [{ queue: messages, bytes }]);
    else if (candidates.length < 8) candidates.push({ queue: messages, bytes });
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
    else c.queue.fill('', 0, count);
    if (slow) options.onSlowConsumer(c);
    if (bytes === null) return;
    c.ws.send(bytes, { binary: false });
    const at = now();
    c.lastSentAt = at;
    metrics.framesSent.inc();
    metrics.messagesSent.inc(count);
    metrics.bytesSent.inc(bytes.length);
    metrics.sendLatency.observe((at - c.queuedAt) / 1000);
  };

  /**
   * NOTE: runs once after each burst of publishes (setImmediate), so a message waits for the
   * end of its burst, not for a timer. A connection writes at most one frame per `flushMs`:
   * one not yet due waits for its own due time (one shared timer). Due times follow each
   * connection's last write, so connections spread over the window instead of all writing
   * in one long round.
   */
  const run = (): void => {
    immediate = null;
    const at = now();
    let next = Infinity;
    for (const c of dirty) {
      const due = c.flushedAt + options.flushMs;
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
      timer = setTimeout(() => {
        timer = null;
        timerAt = Infinity;
        run();
      }, next - at);
    }
  };

  const enqueue = (c: Connection, message: string): void => {
    if (c.queued === 0) {
      c.queuedAt = now();
      dirty.add(c);
    }
    c.queue[c.queued++] = message;
    immediate ??= setImmediate(run);
  };

  const onUpdate = (update: StreamUpdate): void => {
    const entry = members.get(update.channel);
    if (entry === undefined) return;
    for (const c of entry.conns) enqueue(c, update.frame);
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
    enqueue,
    flush(c) {
      dirty.delete(c);
      c.flushedAt = now();
      write(c);
      if (shared.size > 0) shared = new Map();
    },
    subscriptionCount: () => subscriptions,
  };
}
