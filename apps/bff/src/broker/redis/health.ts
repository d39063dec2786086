import type { Redis } from 'ioredis';

/** Whether the broker's Redis is reachable, as its clients are told. */
export interface RedisHealth {
  /** True from `staleAfterMs` after a connection was lost until Redis is back and every replica caught up. */
  isStale(): boolean;
  /** Calls `listener(true)` when the broker goes stale and `listener(false)` once it is live again. */
  onStale(listener: (stale: boolean) => void): () => void;
  /** `task`, rejected with a clear error if the broker goes stale before it settles (as it is when already stale). */
  whileUp<T>(task: Promise<T>): Promise<T>;
  /** The leading ingest said it published what it held while Redis was away. */
  leaderCaughtUp(): void;
  close(): void;
}

/** Options of the health watch. */
export interface RedisHealthOptions {
  /** The broker's connections (command and subscriber): all must be ready. */
  connections: readonly Redis[];
  /** A connection down for less than this is a blip: nobody is told (default 1000 ms). */
  staleAfterMs?: number;
  /** Brings every replica up to date after a reconnect (missed pub/sub messages). */
  catchUp: () => Promise<void>;
  /**
   * After a reconnect, wait this long at most for the leading ingest's notice that it published
   * what it held meanwhile, so that it reaches clients before `live` (0: no ingest to wait for).
   */
  leaderWaitMs?: number;
}

/** The error a task gets when the broker goes stale under it. */
export function unreachableError(): Error {
  return new Error('the market data store (Redis) is unreachable; try again shortly');
}

/**
 * Watches the broker's connections: one lost for `staleAfterMs` makes it stale (listeners told
 * once); when every connection is ready again the replicas catch up from their history streams
 * and only then is it live again, so what clients missed reaches them before they hear `live`.
 */
export function createRedisHealth(options: RedisHealthOptions): RedisHealth {
  const { connections } = options;
  const staleAfterMs = options.staleAfterMs ?? 1000;
  const listeners = new Set<(stale: boolean) => void>();
  const waiting = new Set<(err: Error) => void>();
  let stale = false;
  let everReady = false;
  let lost = false;
  let timer: NodeJS.Timeout | null = null;
  /** Bumped on every loss: a catch-up that a newer loss overtook does not declare live. */
  let generation = 0;
  /** The leader's notice since the last loss, or the wait for it. */
  let leaderSeen = false;
  let onLeader: (() => void) | null = null;
  const leaderWaitMs = options.leaderWaitMs ?? 0;

  const waitForLeader = (): Promise<void> =>
    leaderWaitMs <= 0 || leaderSeen
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(resolve, leaderWaitMs);
          timer.unref();
          onLeader = () => {
            clearTimeout(timer);
            resolve();
          };
        });
  /** Catches up from Redis, waits for the leader's held updates, and catches up again behind them. */
  const recover = async (): Promise<void> => {
    await options.catchUp();
    if (leaderWaitMs <= 0) return;
    await waitForLeader();
    await options.catchUp();
  };

  const allReady = (): boolean => connections.every((c) => c.status === 'ready');
  const tell = (value: boolean): void => {
    if (stale === value) return;
    stale = value;
    if (value) for (const reject of [...waiting]) reject(unreachableError());
    for (const listener of [...listeners]) listener(value);
  };
  const onLost = (): void => {
    if (!everReady) return;
    lost = true;
    generation++;
    leaderSeen = false;
    // NOTE: debounced: a reconnect within staleAfterMs (a blip) tells no client anything.
    timer ??= setTimeout(() => {
      timer = null;
      if (!allReady()) tell(true);
    }, staleAfterMs);
    timer.unref();
  };
  const onReady = (): void => {
    if (!allReady()) return;
    if (!everReady) return void (everReady = true);
    if (!lost) return;
    lost = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const gen = generation;
    // NOTE: pub/sub messages sent while a connection was down are lost: catch up, then say live.
    void recover()
      .catch(() => undefined)
      .then(() => {
        if (gen === generation && allReady()) tell(false);
      });
  };
  for (const c of connections) {
    c.on('close', onLost);
    c.on('end', onLost);
    c.on('ready', onReady);
  }
  onReady();

  return {
    isStale: () => stale,
    onStale(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    whileUp(task) {
      if (stale) return task;
      return new Promise((resolve, reject) => {
        waiting.add(reject);
        task.then(resolve, reject).finally(() => waiting.delete(reject));
      });
    },
    leaderCaughtUp() {
      leaderSeen = true;
      onLeader?.();
      onLeader = null;
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      for (const c of connections) {
        c.off('close', onLost);
        c.off('end', onLost);
        c.off('ready', onReady);
      }
    },
  };
}
