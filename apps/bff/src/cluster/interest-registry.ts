import { parseChannel, type Channel } from '@candlewire/protocol';
import type { Redis } from 'ioredis';
import { sumConnections } from './connection-census';

/** Where gateways announce the channels their clients hold. */
export interface RegistryKeys {
  /** Sorted set of gateway ids by their last heartbeat (ms). */
  gateways: string;
  /** Hash of one gateway's channels. */
  channelsOf(nodeId: string): string;
  /** Pub/sub channel that says "some gateway's interest changed". */
  changed: string;
  /** Hash of every gateway's open connections (field: gateway id). */
  connections: string;
}

/** Registry keys under `prefix`. */
export function registryKeys(prefix: string): RegistryKeys {
  return {
    gateways: `${prefix}:gateways`,
    channelsOf: (id) => `${prefix}:interest:${id}`,
    changed: `${prefix}:interest:changed`,
    connections: `${prefix}:connections`,
  };
}

/** Options of a gateway's announcer. */
export interface AnnouncerOptions {
  redis: Redis;
  keys: RegistryKeys;
  nodeId: string;
  /** An announcement not renewed within this long is dropped by the ingest. */
  ttlMs?: number;
  now?: () => number;
}

/** A gateway's announcements of the channels it needs. */
export interface InterestAnnouncer {
  /** Announces `channel` until the returned function is called (ref-counted). */
  hold(channel: Channel): () => void;
  /** Channels announced now. */
  channels(): Channel[];
  stop(): Promise<void>;
}

/** Announces this gateway's channels, renewing them every ttl / 3 while it lives. */
export function createInterestAnnouncer(options: AnnouncerOptions): InterestAnnouncer {
  const { redis, keys, nodeId } = options;
  const ttlMs = options.ttlMs ?? 10_000;
  const now = options.now ?? Date.now;
  const counts = new Map<Channel, number>();
  const key = keys.channelsOf(nodeId);
  const heartbeat = (): void => {
    const pipeline = redis
      .multi()
      .zadd(keys.gateways, now(), nodeId)
      .pexpire(key, ttlMs * 2);
    if (counts.size > 0) pipeline.hset(key, Object.fromEntries([...counts.keys()].map((c) => [c, '1'])));
    void pipeline.exec().catch(() => undefined);
  };
  const changed = (): void => void redis.publish(keys.changed, nodeId).catch(() => undefined);
  const timer = setInterval(heartbeat, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  heartbeat();
  return {
    hold(channel) {
      const n = counts.get(channel) ?? 0;
      counts.set(channel, n + 1);
      if (n === 0) {
        void redis
          .multi()
          .hset(key, channel, '1')
          .zadd(keys.gateways, now(), nodeId)
          .pexpire(key, ttlMs * 2)
          .exec()
          .then(changed, () => undefined);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(channel) ?? 1) - 1;
        if (left > 0) return void counts.set(channel, left);
        counts.delete(channel);
        void redis.hdel(key, channel).then(changed, () => undefined);
      };
    },
    channels: () => [...counts.keys()],
    async stop() {
      clearInterval(timer);
      counts.clear();
      await redis
        .multi()
        .del(key)
        .zrem(keys.gateways, nodeId)
        .exec()
        .catch(() => undefined);
      changed();
    },
  };
}

/** Options of the ingest's watcher. */
export interface WatcherOptions {
  redis: Redis;
  /** A connection in subscriber mode for change notices. */
  sub: Redis;
  keys: RegistryKeys;
  ttlMs?: number;
  /** Full re-read at least this often (notices can be lost). */
  pollMs?: number;
  onChange(channel: Channel, interested: boolean): void;
  now?: () => number;
}

/** The union of every live gateway's channels, as change events. */
export interface InterestWatcher {
  channels(): ReadonlySet<Channel>;
  /** Open connections over every live gateway, as of the last read. */
  connections(): number;
  /** Re-reads the registry now. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

/** A registry field as a channel; none when it is not a channel name (written by something else). */
function channelOfField(name: string): Channel[] {
  const parsed = parseChannel(name);
  return parsed.ok ? [parsed.channel.name] : [];
}

/** Watches the registry: a notice or a poll re-reads it; gateways past their TTL drop out. */
export function createInterestWatcher(options: WatcherOptions): InterestWatcher {
  const { redis, sub, keys } = options;
  const ttlMs = options.ttlMs ?? 10_000;
  const now = options.now ?? Date.now;
  let current = new Set<Channel>();
  let connections = 0;
  let running: Promise<void> | null = null;
  let again = false;
  const read = async (): Promise<Set<Channel>> => {
    await redis.zremrangebyscore(keys.gateways, '-inf', now() - ttlMs);
    const nodes = await redis.zrange(keys.gateways, 0, -1);
    const lists = await Promise.all(nodes.map((id) => redis.hkeys(keys.channelsOf(id))));
    connections = await sumConnections(redis, keys, nodes);
    return new Set(lists.flat().flatMap(channelOfField));
  };
  const apply = (next: Set<Channel>): void => {
    const before = current;
    current = next;
    for (const channel of next) if (!before.has(channel)) options.onChange(channel, true);
    for (const channel of before) if (!next.has(channel)) options.onChange(channel, false);
  };
  // NOTE: one read at a time; a notice during a read schedules exactly one more.
  const refresh = (): Promise<void> => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          apply(await read());
        } catch {
          // Redis unreachable: keep the last known interest; the next poll retries.
        }
      } while (again);
    })().finally(() => (running = null));
    return running;
  };
  const onMessage = (channel: string): void => {
    if (channel === keys.changed) void refresh();
  };
  sub.on('message', onMessage);
  void sub.subscribe(keys.changed).catch(() => undefined);
  const timer = setInterval(() => void refresh(), options.pollMs ?? 1000);
  timer.unref();
  void refresh();
  return {
    channels: () => current,
    connections: () => connections,
    refresh,
    async stop() {
      clearInterval(timer);
      sub.off('message', onMessage);
      await sub.unsubscribe(keys.changed).catch(() => undefined);
    },
  };
}
