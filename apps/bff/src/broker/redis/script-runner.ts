import type { Redis } from 'ioredis';

/** Runs one Lua script. */
export type ScriptRunner = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/**
 * A runner of `lua` on `redis`.
 * NOTE: EVAL with the body every time, not EVALSHA with a NOSCRIPT fallback: after a Redis
 * restart the fallback re-sends failed calls after later ones already ran, which would reorder a
 * channel's publishes. Redis caches the compiled script; the cost is the body's bytes.
 */
export function createScriptRunner(redis: Redis, lua: string): ScriptRunner {
  return (keys, args) => redis.eval(lua, keys.length, ...keys, ...args);
}
