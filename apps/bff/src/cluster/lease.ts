import type { Redis } from 'ioredis';

/** Options of the ingest leader lease. */
export interface LeaseOptions {
  redis: Redis;
  /** The lease key; `${key}:fence` counts fencing tokens. */
  key: string;
  /** Name of this process in the lease value (host:pid, say). */
  nodeId: string;
  /** Lease time to live; a dead leader is replaced within about this long plus one renewal. */
  ttlMs?: number;
  /** How often the holder renews and a standby tries to take over (default ttl / 3). */
  renewEveryMs?: number;
  /** Told when this process becomes leader (`true`) or stops being it (`false`). */
  onChange?: (leader: boolean) => void;
  now?: () => number;
}

/** A lease held by at most one ingest at a time, with a fencing token per tenure. */
export interface LeaderLease {
  isLeader(): boolean;
  /** The token publishes carry: valid only while this process holds the lease. */
  token(): string;
  /** Current holder as Redis has it (or null). */
  holder(): Promise<string | null>;
  /** Tries at once (instead of at the next tick). */
  tick(): Promise<void>;
  /** Stops renewing and releases the lease if held. */
  stop(): Promise<void>;
}

/** SET NX PX with a fresh fencing token; returns the token or nil. */
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local fence = redis.call('INCR', KEYS[2])
local value = ARGV[1] .. '#' .. fence
redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
return value
`;
/** Extends the lease only if `ARGV[1]` still holds it. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;
/** Deletes the lease only if `ARGV[1]` still holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

/** Starts competing for the lease (renewing it while held). */
export function createLeaderLease(options: LeaseOptions): LeaderLease {
  const ttlMs = options.ttlMs ?? 3000;
  const every = options.renewEveryMs ?? Math.max(50, Math.floor(ttlMs / 3));
  const now = options.now ?? Date.now;
  const { redis, key } = options;
  let held: string | null = null;
  let renewedAt = 0;
  let stopped = false;
  const set = (value: string | null): void => {
    const was = held !== null;
    held = value;
    if (was !== (value !== null)) options.onChange?.(value !== null);
  };
  const tick = async (): Promise<void> => {
    if (stopped) return;
    try {
      if (held === null) {
        const value = await redis.eval(ACQUIRE, 2, key, `${key}:fence`, options.nodeId, ttlMs);
        if (typeof value === 'string' && !stopped) {
          renewedAt = now();
          set(value);
        }
        return;
      }
      const ok = await redis.eval(RENEW, 1, key, held, ttlMs);
      if (ok === 1) renewedAt = now();
      else set(null);
    } catch {
      // NOTE: Redis unreachable: the lease may expire meanwhile; stop leading before it can have.
      if (held !== null && now() - renewedAt >= ttlMs) set(null);
    }
  };
  const timer = setInterval(() => void tick(), every);
  timer.unref();
  void tick();
  return {
    isLeader: () => held !== null,
    token: () => held ?? `${options.nodeId}#none`,
    holder: () => redis.get(key),
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      const value = held;
      set(null);
      if (value !== null) await redis.eval(RELEASE, 1, key, value).catch(() => undefined);
    },
  };
}
