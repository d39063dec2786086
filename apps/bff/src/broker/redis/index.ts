import type { StreamPosition } from '@candlewire/protocol';
import { Redis } from 'ioredis';
import { createEpoch } from '../memory';
import type { Broker, InterestListener, SnapshotSeeder, StreamUpdate } from '../types';
import { channelKeys, channelOfPubsub, KEY_PREFIX, snapshotShape } from './keys';
import { createReplica, type Replica } from './replica';
import { createScriptRunner } from './script-runner';
import { FORGET_SCRIPT, LOAD_SCRIPT, PUBLISH_SCRIPT, SEED_SCRIPT } from './scripts';

/** Options of the Redis broker. */
export interface RedisBrokerOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Key prefix (several deployments on one Redis). */
  prefix?: string;
  /** Updates kept per channel in Redis (the stream's `MAXLEN ~`). */
  historyMax?: number;
  /** Resume window of the local replicas (as the memory broker's). */
  historyMinUpdates?: number;
  historyMinMs?: number;
  /** Loads a channel's older snapshot items (where this process runs the pipeline). */
  seeder?: SnapshotSeeder;
  /** Returns the fencing token publishes must carry (`''`: no lease, a single publisher). */
  fencingToken?: () => string;
  /** Key of the ingest lease the fencing token is checked against. */
  leaseKey?: string;
  /** Told when a publish fails (Redis down, fenced). */
  onPublishError?: (err: Error, channel: string) => void;
  now?: () => number;
}

/** Counters of the Redis broker for `/api/status` and `/metrics`. */
export interface RedisBrokerStats {
  connected: boolean;
  publishes: number;
  publishErrors: number;
  /** Gaps in pub/sub that were filled from the history stream. */
  backfills: number;
  /** Replicas reloaded whole (history trimmed past the gap, or a new epoch). */
  reloads: number;
  /** Pub/sub channels this process is subscribed to (as Redis acknowledged). */
  subscriptions: number;
}

/** A Broker on Redis, plus its lifecycle. */
export interface RedisBroker extends Broker {
  stats(): RedisBrokerStats;
  /** Resolves once every publish made so far has been applied (or failed) in Redis. */
  flush(): Promise<void>;
  /** Round-trip time of a PING, in ms. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

/** Parses `epoch seq frame` as the publish script sends it. */
function parseMessage(channel: string, text: string): { epoch: string; update: StreamUpdate } | null {
  const a = text.indexOf(' ');
  const b = text.indexOf(' ', a + 1);
  if (a < 0 || b < 0) return null;
  const seq = Number(text.slice(a + 1, b));
  return Number.isInteger(seq) ? { epoch: text.slice(0, a), update: { channel, seq, frame: text.slice(b + 1) } } : null;
}

/** Candle `time`/`closed` the publish script needs to keep the candle snapshot. */
function candleArgs(data: unknown): [string, string] {
  if (typeof data !== 'object' || data === null) return ['0', '0'];
  const time = 'time' in data && typeof data.time === 'number' ? data.time : 0;
  const closed = 'closed' in data && data.closed === true;
  return [String(time), closed ? '1' : '0'];
}

/**
 * The Redis broker: publishes go through one Lua script (seq, history, snapshot, pub/sub);
 * every process keeps a replica of the channels its own clients hold, subscribes to exactly
 * those in pub/sub, and fills any `seq` gap from the history stream.
 */
export function createRedisBroker(options: RedisBrokerOptions): RedisBroker {
  const prefix = options.prefix ?? KEY_PREFIX;
  const historyMax = options.historyMax ?? 4000;
  const window = { minUpdates: options.historyMinUpdates ?? 1000, minMs: options.historyMinMs ?? 120_000 };
  const now = options.now ?? Date.now;
  const leaseKey = options.leaseKey ?? `${prefix}:lease:ingest`;
  const cmd = new Redis(options.url, { maxRetriesPerRequest: null, enableAutoPipelining: true, lazyConnect: false });
  const sub = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
  const publishScript = createScriptRunner(cmd, PUBLISH_SCRIPT);
  const seedScript = createScriptRunner(cmd, SEED_SCRIPT);
  const loadScript = createScriptRunner(cmd, LOAD_SCRIPT);
  const forgetScript = createScriptRunner(cmd, FORGET_SCRIPT);
  const replicas = new Map<string, Replica>();
  const loads = new Map<string, Promise<void>>();
  const seeds = new Map<string, Promise<boolean>>();
  const releaseTimers = new Map<string, NodeJS.Timeout>();
  const interest = new Set<InterestListener>();
  const counts = { publishes: 0, publishErrors: 0, backfills: 0, reloads: 0 };
  const candidate = createEpoch();
  const tellInterest = (channel: string, interested: boolean): void => {
    for (const listener of interest) listener(channel, interested);
  };
  const onPublishError = options.onPublishError ?? (() => undefined);
  // NOTE: one connection runs every publish in order, so the last one settling means all have.
  let lastPublish: Promise<unknown> = Promise.resolve();
  /** Pub/sub subscriptions as Redis last acknowledged them. */
  let subscribed = 0;

  const replicaOf = (channel: string): Replica => {
    let r = replicas.get(channel);
    if (r === undefined) {
      r = createReplica(channel, window);
      replicas.set(channel, r);
    }
    return r;
  };

  /** Reads the channel from Redis into its replica, then applies what arrived meanwhile. */
  const load = (channel: string): Promise<void> => {
    const running = loads.get(channel);
    if (running !== undefined) return running;
    const r = replicaOf(channel);
    const { kind } = snapshotShape(channel);
    const keys = channelKeys(channel, prefix);
    const task = (async () => {
      // NOTE: subscribe first and read second: what is published in between arrives by pub/sub and
      // is held in `pending`, so nothing falls between the read and the live stream.
      const before = r.loaded ? { epoch: r.epoch, seq: r.seq } : null;
      r.loaded = false;
      subscribed = Number(await sub.subscribe(keys.pubsub));
      const reply = await loadScript([keys.meta, keys.history, keys.snapshot], [kind, candidate, window.minUpdates + 64]);
      const [epoch, seqText, , items, frames] = reply as [string, string, string, string[], string[]];
      const seq = Number(seqText);
      const history = frames.map((frame, i) => ({ channel, seq: seq - i, frame })).reverse();
      r.reset(epoch, seq, items.map((item) => JSON.parse(item) as unknown), history, now(), before?.epoch === epoch ? before.seq : Infinity);
      r.loaded = true;
      const pending = r.pending;
      r.pending = [];
      for (const update of pending) deliver(r, epoch, update);
    })();
    loads.set(channel, task);
    void task.finally(() => loads.delete(channel)).catch(() => undefined);
    return task;
  };

  /** Fills `r` from the history stream up to (excluding) `upTo`; reloads it whole when trimmed. */
  const backfill = async (r: Replica, upTo: number): Promise<void> => {
    const keys = channelKeys(r.channel, prefix);
    const entries = await cmd.xrange(keys.history, `${r.seq + 1}-0`, `${upTo - 1}-0`);
    const first = entries[0];
    if (first === undefined || Number(first[0].split('-')[0]) !== r.seq + 1 || entries.length !== upTo - 1 - r.seq) {
      counts.reloads++;
      return load(r.channel);
    }
    counts.backfills++;
    for (const [id, fields] of entries) r.append({ channel: r.channel, seq: Number(id.split('-')[0]), frame: fields[1] ?? '' }, now());
  };

  // NOTE: updates of one channel are applied strictly in seq order, one chain per channel.
  const chains = new Map<string, Promise<void>>();
  const deliver = (r: Replica, epoch: string, update: StreamUpdate): void => {
    if (!r.loaded) {
      r.pending.push(update);
      return;
    }
    if (epoch !== r.epoch) {
      // Redis lost the channel's history (flushed, or restarted without persistence).
      counts.reloads++;
      enqueue(r.channel, () => load(r.channel));
      return;
    }
    if (update.seq <= r.seq) return; // a duplicate, or already backfilled
    if (update.seq === r.seq + 1 && !chains.has(r.channel)) {
      r.append(update, now());
      return;
    }
    enqueue(r.channel, async () => {
      if (!r.loaded || epoch !== r.epoch || update.seq <= r.seq) return;
      if (update.seq > r.seq + 1) await backfill(r, update.seq);
      if (update.seq === r.seq + 1) r.append(update, now());
    });
  };
  const enqueue = (channel: string, step: () => Promise<void>): void => {
    const previous = chains.get(channel) ?? Promise.resolve();
    const next = previous.then(step).catch(() => undefined);
    chains.set(channel, next);
    void next.then(() => {
      if (chains.get(channel) === next) chains.delete(channel);
    });
  };

  sub.on('message', (name: string, text: string) => {
    const channel = channelOfPubsub(name, prefix);
    const r = channel === null ? undefined : replicas.get(channel);
    if (channel === null || r === undefined) return;
    const parsed = parseMessage(channel, text);
    if (parsed !== null) deliver(r, parsed.epoch, parsed.update);
  });
  // NOTE: pub/sub messages sent while the connection was down are lost; after a reconnect every
  // replica catches up from its history stream (ioredis re-subscribes by itself).
  let everReady = false;
  sub.on('ready', () => {
    if (!everReady) {
      everReady = true;
      return;
    }
    for (const r of replicas.values()) if (r.loaded) enqueue(r.channel, () => catchUp(r));
  });
  const catchUp = async (r: Replica): Promise<void> => {
    const keys = channelKeys(r.channel, prefix);
    const [epoch, seqText] = await cmd.hmget(keys.meta, 'epoch', 'seq');
    if (epoch !== r.epoch) return load(r.channel);
    const seq = Number(seqText ?? 0);
    if (seq > r.seq) await backfill(r, seq + 1);
  };

  const release = (channel: string): void => {
    const r = replicas.get(channel);
    if (r === undefined || r.listeners.size > 0) return;
    replicas.delete(channel);
    void sub.unsubscribe(channelKeys(channel, prefix).pubsub).then((n) => void (subscribed = Number(n)), () => undefined);
  };

  return {
    publish(channel, data) {
      const keys = channelKeys(channel, prefix);
      const { kind, limit } = snapshotShape(channel);
      const [time, closedFlag] = kind === 'candles' ? candleArgs(data) : ['0', '0'];
      const token = options.fencingToken?.() ?? '';
      counts.publishes++;
      lastPublish = publishScript([keys.meta, keys.history, keys.snapshot, leaseKey], [channel, JSON.stringify(data), kind, limit, historyMax, candidate, token, time, closedFlag, keys.pubsub]).catch((err: unknown) => {
        counts.publishErrors++;
        onPublishError(err instanceof Error ? err : new Error(String(err)), channel);
      });
    },
    listen(channel, listener) {
      const r = replicaOf(channel);
      clearTimeout(releaseTimers.get(channel));
      releaseTimers.delete(channel);
      r.listeners.add(listener);
      if (!r.loaded && !loads.has(channel)) void load(channel).catch(() => undefined);
      if (r.listeners.size === 1) tellInterest(channel, true);
      return () => {
        if (!r.listeners.delete(listener) || r.listeners.size > 0) return;
        tellInterest(channel, false);
        // NOTE: keep the replica for the resume window, so a client that comes back can resume here.
        const timer = setTimeout(() => {
          releaseTimers.delete(channel);
          release(channel);
        }, window.minMs);
        timer.unref();
        releaseTimers.set(channel, timer);
      };
    },
    async prepare(channel) {
      // NOTE: a replica read before the seed landed lacks the older items: read it again.
      const seededNow = await seed(channel);
      const r = replicaOf(channel);
      if (!r.loaded || seededNow) await load(channel);
    },
    position(channel) {
      const r = replicas.get(channel);
      return { epoch: r?.epoch ?? candidate, seq: r?.seq ?? 0 };
    },
    snapshot: (channel) => replicas.get(channel)?.snapshot() ?? createReplica(channel, window).snapshot(),
    since(channel, from: StreamPosition) {
      const r = replicas.get(channel);
      return r === undefined || !r.loaded ? null : r.since(from);
    },
    forget(channel) {
      const keys = channelKeys(channel, prefix);
      seeds.delete(channel);
      void forgetScript([keys.meta, keys.history, keys.snapshot], []).catch(() => undefined);
      const r = replicas.get(channel);
      if (r !== undefined) r.loaded = false;
    },
    channelCount: () => replicas.size,
    onInterest(listener) {
      interest.add(listener);
      return () => void interest.delete(listener);
    },
    stats: () => ({ connected: cmd.status === 'ready' && sub.status === 'ready', ...counts, subscriptions: subscribed }),
    flush: () => lastPublish.then(() => undefined),
    async ping() {
      const start = performance.now();
      await cmd.ping();
      return performance.now() - start;
    },
    async close() {
      for (const timer of releaseTimers.values()) clearTimeout(timer);
      await lastPublish;
      await Promise.allSettled([cmd.quit(), sub.quit()]);
    },
  };

  /** Seeds the channel's snapshot in Redis from this process's loader, once; true if it wrote. */
  function seed(channel: string): Promise<boolean> {
    const loader = options.seeder;
    if (loader === undefined) return Promise.resolve(false);
    let task = seeds.get(channel);
    if (task === undefined) {
      task = (async () => {
        const keys = channelKeys(channel, prefix);
        if ((await cmd.hget(keys.meta, 'seeded')) === '1') return false;
        const items = await loader(channel);
        const { kind, limit } = snapshotShape(channel);
        const args: (string | number)[] = [kind, limit];
        for (const item of items ?? []) args.push(candleArgs(item)[0], JSON.stringify(item));
        await seedScript([keys.meta, keys.snapshot], args);
        return true;
      })();
      seeds.set(channel, task);
      // NOTE: a failed load is retried by the next subscriber instead of failing forever.
      task.catch(() => seeds.delete(channel));
    }
    return task;
  }
}
