import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Runs one Lua script. */
export type ScriptRunner = (keys: string[], args: (string | number)[]) => Promise<unknown>;

interface Call {
  keys: string[];
  args: (string | number)[];
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const isNoScript = (err: unknown): boolean => err instanceof Error && err.message.startsWith('NOSCRIPT');

/**
 * A runner of `lua` on `redis` by its SHA (only the hash goes over the wire), keeping call order.
 * NOTE: after a Redis restart or SCRIPT FLUSH every EVALSHA in flight fails with NOSCRIPT. A plain
 * "retry with EVAL" would let a later call that reached Redis after the reload run before the
 * retries, reordering a channel's publishes. Instead the first NOSCRIPT holds every new call,
 * loads the script, waits for all calls in flight to settle, then re-sends the failed ones and
 * the held ones in their original order (one connection keeps that order).
 */
export function createScriptRunner(redis: Redis, lua: string): ScriptRunner {
  const sha = createHash('sha1').update(lua).digest('hex');
  const inFlight = new Set<Promise<unknown>>();
  let held: Call[] | null = null;
  let failed: Call[] = [];

  const send = (call: Call): void => {
    const sent = redis.evalsha(sha, call.keys.length, ...call.keys, ...call.args);
    inFlight.add(sent);
    sent.then(
      (value) => call.resolve(value),
      (err: unknown) => {
        if (!isNoScript(err)) return call.reject(err);
        failed.push(call);
        if (held === null) void reload();
      },
    );
    void sent.catch(() => undefined).finally(() => inFlight.delete(sent));
  };

  const reload = async (): Promise<void> => {
    held = [];
    try {
      await redis.script('LOAD', lua);
    } catch (err) {
      // Redis unreachable: fail what waits; the next call tries again.
      for (const call of [...failed, ...held]) call.reject(err);
      failed = [];
      held = null;
      return;
    }
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    // NOTE: calls failed in the order they were sent (one connection, replies in order).
    const again = [...failed, ...held];
    failed = [];
    held = null;
    for (const call of again) send(call);
  };

  return (keys, args) =>
    new Promise((resolve, reject) => {
      const call: Call = { keys, args, resolve, reject };
      if (held !== null) held.push(call);
      else send(call);
    });
}
