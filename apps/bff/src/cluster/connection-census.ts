import type { Redis } from 'ioredis';
import type { RegistryKeys } from './interest-registry';

/** Options of a gateway's connection count announcements. */
export interface CensusOptions {
  redis: Redis;
  keys: RegistryKeys;
  nodeId: string;
  /** This gateway's open connections now. */
  count: () => number;
  /** How often the count is written (the `markets` channel is published at most once a second). */
  everyMs?: number;
}

/** A running census announcer. */
export interface ConnectionCensus {
  /** Stops announcing and removes this gateway's count. */
  stop(): Promise<void>;
}

/**
 * Writes this gateway's connection count into the registry's `connections` hash every `everyMs`.
 * NOTE: written every tick, changed or not: a flushed Redis gets it back within a second. The
 * count's liveness is the gateway's heartbeat in the registry (same TTL as its channels): a
 * gateway that died drops out of the sum when its heartbeat expires.
 */
export function announceConnections(options: CensusOptions): ConnectionCensus {
  const { redis, keys, nodeId } = options;
  const write = (): void => void redis.hset(keys.connections, nodeId, String(options.count())).catch(() => undefined);
  const timer = setInterval(write, options.everyMs ?? 1000);
  timer.unref();
  // NOTE: the first write waits one tick: the gateway that counts may not exist yet when this starts.
  return {
    async stop() {
      clearInterval(timer);
      await redis.hdel(keys.connections, nodeId).catch(() => undefined);
    },
  };
}

/** Gateways whose heartbeat is younger than `ttlMs`. */
export async function liveGateways(redis: Redis, keys: RegistryKeys, ttlMs: number, now: number): Promise<string[]> {
  return redis.zrangebyscore(keys.gateways, now - ttlMs, '+inf');
}

/** Sum of the connection counts of `live` gateways; counts of gateways not among them are removed. */
export async function sumConnections(redis: Redis, keys: RegistryKeys, live: readonly string[]): Promise<number> {
  const counts = await redis.hgetall(keys.connections);
  const alive = new Set(live);
  const dead = Object.keys(counts).filter((id) => !alive.has(id));
  if (dead.length > 0) await redis.hdel(keys.connections, ...dead);
  let total = 0;
  for (const [id, text] of Object.entries(counts)) {
    const n = Number(text);
    if (alive.has(id) && Number.isFinite(n) && n > 0) total += n;
  }
  return total;
}
