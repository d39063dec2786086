import type { Broker, StreamUpdate } from '../broker/types';
import type { Metrics } from '../metrics';
import type { Connection } from './connection';

/** Options of the fan-out. */
export interface FanoutOptions {
  broker: Broker;
  metrics: Metrics;
  /** Longest a message waits so a connection's messages go out as one frame. */
  flushMs: number;
  /** A connection whose unsent bytes pass this is closed with 1013. */
  maxBufferedBytes: number;
  onSlowConsumer: (c: Connection) => void;
  now: () => number;
}

/** Channel → connections fan-out with per-connection batching. */
export interface Fanout {
  add(c: Connection, channel: string): void;
  remove(c: Connection, channel: string): void;
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
  const members = new Map<string, { conns: Set<Connection>; detach: () => void }>();
  const dirty = new Set<Connection>();
  let timer: NodeJS.Timeout | null = null;
  let subscriptions = 0;

  const write = (c: Connection): void => {
    const queue = c.queue;
    if (queue.length === 0) return;
    c.queue = [];
    if (c.closed || c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > options.maxBufferedBytes) {
      options.onSlowConsumer(c);
      return;
    }
    const text = queue.length === 1 ? (queue[0] ?? '') : `[${queue.join(',')}]`;
    const bytes = Buffer.from(text);
    c.ws.send(bytes);
    const at = now();
    c.lastSentAt = at;
    metrics.framesSent.inc();
    metrics.messagesSent.inc(queue.length);
    metrics.bytesSent.inc(bytes.length);
    metrics.sendLatency.observe((at - c.queuedAt) / 1000);
  };

  const flushAll = (): void => {
    timer = null;
    for (const c of dirty) write(c);
    dirty.clear();
  };

  const enqueue = (c: Connection, message: string): void => {
    if (c.queue.length === 0) {
      c.queuedAt = now();
      dirty.add(c);
    }
    c.queue.push(message);
    timer ??= setTimeout(flushAll, options.flushMs);
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
      write(c);
    },
    subscriptionCount: () => subscriptions,
  };
}
