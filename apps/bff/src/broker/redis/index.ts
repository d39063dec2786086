import type { Channel, ChannelData, ChannelKind, StreamPosition } from '@candlewire/protocol';
import { Redis } from 'ioredis';
import { createEpoch } from '../memory';
import type { BrokerSignals } from '../signals';
import type { Broker, SnapshotSeeder } from '../types';
import { createRedisHealth, unreachableError } from './health';
import { createHolds } from './holds';
import { channelKeys, channelOfPubsub, KEY_PREFIX, snapshotShape } from './keys';
import { isClosed, itemOf, parseMessage } from './messages';
import { createReplica } from './replica';
import { createReplicaSync } from './replica-sync';
import { createScriptRunner } from './script-runner';
import { FORGET_SCRIPT, LAST_SCRIPT, LOAD_SCRIPT, PUBLISH_SCRIPT, SEED_SCRIPT, SNAPSHOT_SCRIPT } from './scripts';
import { candleTime, createSeeding } from './seeding';

export { channelKeys, KEY_PREFIX } from './keys';

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
  /** Loads a channel's older snapshot items: where this process runs the pipeline (all, ingest). */
  seeder?: SnapshotSeeder;
  /** Without a seeder (a gateway): announces that `channel` is wanted until the returned function is called. */
  requestSeed?: (channel: Channel) => () => void;
  /** How long a gateway waits for the ingest to load a channel. */
  seedTimeoutMs?: number;
  /** The fencing token publishes carry (checked against `leaseKey`); none: a single publisher. */
  fencingToken?: () => string;
  /** Key of the ingest lease. */
  leaseKey?: string;
  /** Told when a publish fails (Redis down, fenced). */
  onPublishError?: (err: Error, channel: Channel) => void;
  /** A connection to Redis lost for less than this is a blip: clients are not told they are stale. */
  staleAfterMs?: number;
  /** A gateway: after a reconnect, wait this long at most for the ingest's held updates before saying live. */
  leaderWaitMs?: number;
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
  /** Publish-to-receive time of the last pub/sub message (ms). */
  pubsubLagMs: number;
}

/** A Broker on Redis, plus what a cluster role needs. */
export interface RedisBroker extends Broker, BrokerSignals {
  /** Holds interest in `channel` (as a listener would) until the returned function is called. */
  hold(channel: Channel): () => void;
  /** Seeds `channel`'s snapshot from this process's loader (the ingest answering a gateway). */
  seed(channel: Channel): Promise<void>;
  /** The newest item of `channel`'s snapshot in Redis (for a new leader's catch-up); null when none. */
  last<K extends ChannelKind>(channel: Channel<K>): Promise<ChannelData[K] | null>;
  /** The channel's snapshot items as Redis holds them now (not this process's replica), oldest first. */
  read<K extends ChannelKind>(channel: Channel<K>): Promise<ChannelData[K][]>;
  stats(): RedisBrokerStats;
  /** Resolves once every publish made so far has been applied (or failed) in Redis. */
  flush(): Promise<void>;
  /** A new leader: tells gateways it published what it held (after every publish so far settled). */
  announceCaughtUp(): Promise<void>;
  /** Round-trip time of a PING, in ms. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The Redis broker, after Centrifugo's Redis engine: publishes go through one Lua script (seq,
 * history, snapshot, pub/sub); every process keeps a replica of the channels its own clients
 * hold, subscribes to exactly those, and fills any `seq` gap from the history stream.
 */
export function createRedisBroker(options: RedisBrokerOptions): RedisBroker {
  const prefix = options.prefix ?? KEY_PREFIX;
  const historyMax = options.historyMax ?? 4000;
  const window = { minUpdates: options.historyMinUpdates ?? 1000, minMs: options.historyMinMs ?? 120_000 };
  const now = options.now ?? Date.now;
  const leaseKey = options.leaseKey ?? `${prefix}:lease:ingest`;
  const cmd = new Redis(options.url, { maxRetriesPerRequest: null, enableAutoPipelining: true });
  const sub = new Redis(options.url, { maxRetriesPerRequest: null });
  // Errors surface through stats() and failed calls; without a listener ioredis logs them itself.
  cmd.on('error', () => undefined);
  sub.on('error', () => undefined);
  const publishScript = createScriptRunner(cmd, PUBLISH_SCRIPT);
  const forgetScript = createScriptRunner(cmd, FORGET_SCRIPT);
  const lastScript = createScriptRunner(cmd, LAST_SCRIPT);
  const snapshotScript = createScriptRunner(cmd, SNAPSHOT_SCRIPT);
  const counts = { publishes: 0, publishErrors: 0, backfills: 0, reloads: 0 };
  const seeding = createSeeding(cmd, prefix, createScriptRunner(cmd, SEED_SCRIPT), options.seeder, {
    leaseKey,
    token: () => options.fencingToken?.() ?? '',
  });
  const resets = new Set<(channel: Channel) => void>();
  /** The epoch `position` names for a channel not read yet. */
  const unread = createEpoch();
  const seedWaiter = (channel: Channel): { wait(): Promise<void>; cancel(): void } => {
    if (options.seeder !== undefined) return { wait: () => seeding.seed(channel).then(() => undefined), cancel: () => undefined };
    const waiter = seeding.waiter(channel);
    return { wait: () => waiter.wait(options.seedTimeoutMs ?? 10_000), cancel: () => waiter.cancel() };
  };
  // NOTE: a fresh epoch candidate per call: a channel Redis lost (FLUSHALL) gets a new epoch.
  const sync = createReplicaSync({
    ...{ cmd, sub, prefix, window, counts, now, seedWaiter },
    loadScript: createScriptRunner(cmd, LOAD_SCRIPT),
    candidate: createEpoch,
    onReset: (channel) => {
      for (const listener of [...resets]) listener(channel);
    },
  });
  // NOTE: the notice travels on the connection of the publishes, behind them.
  const noticeKey = `${prefix}:leader:caught-up`;
  const health = createRedisHealth({
    connections: [cmd, sub],
    catchUp: () => sync.catchUpAll(),
    leaderWaitMs: options.leaderWaitMs ?? 0,
    ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
  });
  const releaseTimers = new Map<Channel, NodeJS.Timeout>();
  const holds = createHolds();
  const onPublishError = options.onPublishError ?? (() => undefined);
  // NOTE: one connection runs every publish in order, so the last one settling means all have.
  let lastPublish: Promise<unknown> = Promise.resolve();
  /** Publish-to-receive time of the last pub/sub message, ms. */
  let lag = 0;

  if ((options.leaderWaitMs ?? 0) > 0) void sub.subscribe(noticeKey).catch(() => undefined);
  sub.on('message', (name: string, text: string) => {
    if (name === noticeKey) return health.leaderCaughtUp();
    const channel = channelOfPubsub(name, prefix);
    if (channel === null) return;
    if (text === '!seeded') return seeding.seeded(channel);
    const r = sync.replicas.get(channel);
    const parsed = r === undefined ? null : parseMessage(channel, text);
    if (r === undefined || parsed === null) return;
    // NOTE: publisher and gateway clocks: across machines this includes their skew.
    lag = now() - parsed.sentAt;
    sync.deliver(r, parsed.epoch, parsed.update);
  });
  // NOTE: pub/sub messages sent while the connection was down are lost; after a reconnect every
  // replica catches up from its history stream (`health`; ioredis re-subscribes by itself).

  /** A gateway's prepare: the ingest loads the channel's history into Redis, this waits for it. */
  const prepareFromIngest = async (channel: Channel): Promise<void> => {
    const waiter = seeding.waiter(channel);
    const r = sync.replicaOf(channel);
    if (!r.loaded) await sync.load(channel);
    if (r.seeded) return waiter.cancel();
    const release = options.requestSeed?.(channel);
    try {
      await waiter.wait(options.seedTimeoutMs ?? 10_000);
    } finally {
      // NOTE: released on the next turn, after the subscriber's own listen() holds the channel.
      if (release !== undefined) setImmediate(release);
    }
    await sync.load(channel);
  };

  return {
    publish(channel, data) {
      const keys = channelKeys(channel, prefix);
      const { kind, limit } = snapshotShape(channel);
      const token = options.fencingToken?.() ?? '';
      counts.publishes++;
      const args = [
        channel,
        JSON.stringify(data),
        kind,
        limit,
        historyMax,
        createEpoch(),
        token,
        candleTime(data),
        isClosed(data) ? '1' : '0',
        keys.pubsub,
        now(),
      ];
      lastPublish = publishScript([keys.meta, keys.history, keys.snapshot, leaseKey], args).catch((err: unknown) => {
        counts.publishErrors++;
        onPublishError(err instanceof Error ? err : new Error(String(err)), channel);
      });
    },
    listen(channel, listener) {
      const r = sync.replicaOf(channel);
      clearTimeout(releaseTimers.get(channel));
      releaseTimers.delete(channel);
      r.listeners.add(listener);
      if (!r.loaded) void sync.load(channel).catch(() => undefined);
      const release = holds.hold(channel);
      return () => {
        if (!r.listeners.delete(listener)) return;
        release();
        if (r.listeners.size > 0) return;
        // NOTE: keep the replica for the resume window, so a client that comes back can resume here.
        const timer = setTimeout(() => {
          releaseTimers.delete(channel);
          if (r.listeners.size === 0) sync.release(channel);
        }, window.minMs);
        timer.unref();
        releaseTimers.set(channel, timer);
      };
    },
    async prepare(channel) {
      // NOTE: while Redis is away a channel this process holds is served from its replica (and
      // marked stale); any other is refused at once, and a load Redis left under way is refused
      // when the broker goes stale: never a subscribe that hangs.
      if (health.isStale() && sync.replicas.get(channel)?.loaded !== true) throw unreachableError();
      if (options.seeder === undefined) return health.whileUp(prepareFromIngest(channel));
      // NOTE: a replica read before the seed landed lacks the older items: read it again.
      const seededNow = await health.whileUp(seeding.seed(channel));
      if (!sync.replicaOf(channel).loaded || seededNow) await health.whileUp(sync.load(channel));
    },
    position(channel) {
      const r = sync.replicas.get(channel);
      return { epoch: r?.epoch ?? unread, seq: r?.seq ?? 0 };
    },
    snapshot: (channel) => (sync.replicas.get(channel) ?? createReplica(channel, window)).snapshot(),
    since(channel, from: StreamPosition) {
      const r = sync.replicas.get(channel);
      return r === undefined || !r.loaded ? null : r.since(from);
    },
    forget(channel) {
      const keys = channelKeys(channel, prefix);
      seeding.forget(channel);
      void forgetScript([keys.meta, keys.history, keys.snapshot], []).catch(() => undefined);
      const r = sync.replicas.get(channel);
      if (r !== undefined) r.loaded = false;
    },
    channelCount: () => sync.replicas.size,
    onInterest: (listener) => holds.onInterest(listener),
    hold: (channel) => holds.hold(channel),
    onReset(listener) {
      resets.add(listener);
      return () => void resets.delete(listener);
    },
    isStale: () => health.isStale(),
    onStale: (listener) => health.onStale(listener),
    async seed(channel) {
      await seeding.seed(channel);
    },
    async last(channel) {
      const text = await lastScript([channelKeys(channel, prefix).snapshot], [snapshotShape(channel).kind]);
      return itemOf(channel, text);
    },
    async read<K extends ChannelKind>(channel: Channel<K>) {
      const texts = await snapshotScript([channelKeys(channel, prefix).snapshot], [snapshotShape(channel).kind]);
      const items: ChannelData[K][] = [];
      for (const text of Array.isArray(texts) ? texts : []) {
        const item = itemOf(channel, text);
        if (item !== null) items.push(item);
      }
      return items;
    },
    stats: () => ({
      connected: cmd.status === 'ready' && sub.status === 'ready',
      ...counts,
      // NOTE: a gateway's subscriber connection also holds the leader's notice channel.
      subscriptions: Math.max(0, sync.subscribed() - ((options.leaderWaitMs ?? 0) > 0 ? 1 : 0)),
      pubsubLagMs: lag,
    }),
    flush: () => lastPublish.then(() => undefined),
    async announceCaughtUp() {
      await lastPublish;
      await cmd.publish(noticeKey, options.fencingToken?.() ?? '');
    },
    async ping() {
      const start = performance.now();
      await cmd.ping();
      return performance.now() - start;
    },
    async close() {
      health.close();
      for (const timer of releaseTimers.values()) clearTimeout(timer);
      await lastPublish;
      await Promise.allSettled([cmd.quit(), sub.quit()]);
    },
  };
}
