import type { Channel } from '@candlewire/protocol';
import type { Redis } from 'ioredis';
import type { SnapshotSeeder } from '../types';
import { channelKeys, snapshotShape } from './keys';
import type { ScriptRunner } from './script-runner';

/** Seeding of channel snapshots in Redis: by this process's loader, or awaited from the ingest. */
export interface Seeding {
  /** Seeds `channel` from the local loader once; resolves true if this call wrote it. */
  seed(channel: Channel): Promise<boolean>;
  /** A waiter for another process seeding `channel`; create it before reading the channel. */
  waiter(channel: Channel): SeedWaiter;
  /** A `!seeded` notice arrived for `channel`. */
  seeded(channel: Channel): void;
  /** The channel was forgotten: the next prepare seeds it again. */
  forget(channel: Channel): void;
}

/** Waits for a `!seeded` notice. */
export interface SeedWaiter {
  wait(timeoutMs: number): Promise<void>;
  cancel(): void;
}

/** Candle `time` of an item (0 for others), as the scripts order candles. */
export function candleTime(item: unknown): number {
  return typeof item === 'object' && item !== null && 'time' in item && typeof item.time === 'number' ? item.time : 0;
}

/** Creates the seeding of one process. */
export function createSeeding(
  cmd: Redis,
  prefix: string,
  seedScript: ScriptRunner,
  loader: SnapshotSeeder | undefined,
  fencing: { leaseKey: string; token: () => string },
): Seeding {
  const tasks = new Map<Channel, Promise<boolean>>();
  const waiters = new Map<Channel, Set<() => void>>();
  const seedOnce = async (channel: Channel, load: SnapshotSeeder): Promise<boolean> => {
    const keys = channelKeys(channel, prefix);
    if ((await cmd.hget(keys.meta, 'seeded')) === '1') return false;
    const loaded = await load(channel);
    const { kind, limit } = snapshotShape(channel);
    const args: (string | number)[] = [kind, limit, keys.pubsub, fencing.token()];
    // NOTE: a seed names its channel: items of another channel are not merged.
    const items = loaded !== null && loaded.channel === channel ? loaded.items : [];
    for (const item of items) args.push(candleTime(item), JSON.stringify(item));
    await seedScript([keys.meta, keys.snapshot, fencing.leaseKey], args);
    return true;
  };
  return {
    seed(channel) {
      if (loader === undefined) return Promise.resolve(false);
      let task = tasks.get(channel);
      if (task === undefined) {
        task = seedOnce(channel, loader);
        tasks.set(channel, task);
        // NOTE: only a seed in flight is shared. Each later call checks Redis's `seeded` mark again
        // (one HGET): a flushed Redis lost the seed and the next call (a new leader's) writes it again;
        // a failed load is retried by the next subscriber instead of failing forever.
        void task.then(
          () => tasks.delete(channel),
          () => tasks.delete(channel),
        );
      }
      return task;
    },
    waiter(channel) {
      let done: () => void = () => undefined;
      let seen = false;
      const set = waiters.get(channel) ?? new Set();
      waiters.set(channel, set);
      const onSeeded = (): void => {
        seen = true;
        done();
      };
      set.add(onSeeded);
      const cancel = (): void => {
        set.delete(onSeeded);
        if (set.size === 0) waiters.delete(channel);
      };
      return {
        cancel,
        wait: (timeoutMs) =>
          new Promise<void>((resolve, reject) => {
            if (seen) return resolve();
            const timer = setTimeout(
              () => reject(new Error(`no ingest loaded ${channel} within ${timeoutMs / 1000} s (is an ingest running?)`)),
              timeoutMs,
            );
            done = () => {
              clearTimeout(timer);
              resolve();
            };
          }).finally(cancel),
      };
    },
    seeded(channel) {
      for (const onSeeded of waiters.get(channel) ?? []) onSeeded();
    },
    forget: (channel) => void tasks.delete(channel),
  };
}
