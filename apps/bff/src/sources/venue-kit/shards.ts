/**
 * Keys (symbols) packed into shards of bounded size: a venue's per-connection stream limit
 * (Binance: 1024 streams) becomes one connection per shard. Keys fill the first shard with room;
 * new shards open when all are full; a shard whose last key left is closed.
 */

/** Options of `createShards`: what happens to a shard's connection. */
export interface ShardsOptions<S> {
  /** Keys per shard at most. */
  capacity: number;
  /** A new, empty shard (not started yet). */
  create(): S;
  /** A new shard got its first keys. */
  start(shard: S): void;
  /** `keys` joined a running shard. */
  add(shard: S, keys: readonly string[]): void;
  /** `keys` left a shard that keeps others. */
  remove(shard: S, keys: readonly string[]): void;
  /** The shard's last key left (or `closeAll`). */
  close(shard: S): void;
}

/** The shards of a venue source. */
export interface Shards<S> {
  /** Places keys (not placed yet) into shards. */
  place(keys: readonly string[]): void;
  /** Takes keys out of their shards. */
  drop(keys: readonly string[]): void;
  /** The keys of `shard` (empty once closed). */
  keysOf(shard: S): ReadonlySet<string>;
  all(): S[];
  /** Closes every shard. */
  closeAll(): void;
}

/** Creates the shard set. */
export function createShards<S>(options: ShardsOptions<S>): Shards<S> {
  const capacity = Math.max(1, Math.floor(options.capacity));
  const keysOf = new Map<S, Set<string>>();
  const owner = new Map<string, S>();

  const roomy = (): S => {
    for (const [shard, keys] of keysOf) if (keys.size < capacity) return shard;
    const shard = options.create();
    keysOf.set(shard, new Set());
    return shard;
  };
  const grouped = (keys: readonly string[], shardOf: (key: string) => S | undefined): Map<S, string[]> => {
    const out = new Map<S, string[]>();
    for (const key of keys) {
      const shard = shardOf(key);
      if (shard !== undefined) out.set(shard, [...(out.get(shard) ?? []), key]);
    }
    return out;
  };
  const close = (shard: S): void => {
    for (const key of keysOf.get(shard) ?? []) owner.delete(key);
    keysOf.delete(shard);
    options.close(shard);
  };

  return {
    place(keys) {
      const fresh = new Set<S>();
      const added = grouped(
        keys.filter((k) => !owner.has(k)),
        (key) => {
          const shard = roomy();
          if (keysOf.get(shard)?.size === 0) fresh.add(shard);
          keysOf.get(shard)?.add(key);
          owner.set(key, shard);
          return shard;
        },
      );
      for (const [shard, list] of added) if (!fresh.has(shard)) options.add(shard, list);
      for (const shard of fresh) options.start(shard);
    },
    drop(keys) {
      const removed = grouped(keys, (key) => owner.get(key));
      for (const [shard, list] of removed) {
        const own = keysOf.get(shard);
        for (const key of list) {
          own?.delete(key);
          owner.delete(key);
        }
        if (own?.size === 0) close(shard);
        else options.remove(shard, list);
      }
    },
    keysOf: (shard) => keysOf.get(shard) ?? new Set(),
    all: () => [...keysOf.keys()],
    closeAll() {
      for (const shard of [...keysOf.keys()]) close(shard);
    },
  };
}
