/**
 * Interest changes of one tick merged into as few upstream messages as possible (a client
 * subscribing to many symbols at once): consecutive changes of the same kind become one, sent in
 * order on the next microtask. For venues that count every message (Binance: 5 per second).
 */

/** Options of `createInterestBatch`. */
export interface InterestBatchOptions<M extends string> {
  /** Sends one merged change (the owner chunks it into messages). */
  send(method: M, keys: readonly string[]): void;
  /** Whether changes can be sent now (false: dropped; the owner resubscribes on open). */
  canSend(): boolean;
}

/** The pending changes of the current tick. */
export interface InterestBatch<M extends string> {
  /** Queues a change; sent with the others of this tick. */
  add(method: M, keys: readonly string[]): void;
  /** Drops what is pending (a new connection resubscribes everything). */
  clear(): void;
}

/** Creates an interest batch. */
export function createInterestBatch<M extends string>(options: InterestBatchOptions<M>): InterestBatch<M> {
  let ops: { method: M; keys: string[] }[] = [];
  const flush = (): void => {
    const pending = ops;
    ops = [];
    for (const op of pending) options.send(op.method, op.keys);
  };
  return {
    add(method, keys) {
      if (keys.length === 0 || !options.canSend()) return;
      const last = ops.at(-1);
      if (last?.method === method) last.keys.push(...keys);
      else ops.push({ method, keys: [...keys] });
      if (last === undefined) queueMicrotask(flush);
    },
    clear() {
      ops = [];
    },
  };
}
