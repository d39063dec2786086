/** What draining needs of each connection. */
export interface Drainable {
  readonly closed: boolean;
}

/** How to spread a drain. */
export interface DrainOptions {
  /** Closes are spread over this long (0: all at once). */
  spreadMs: number;
  /** At most this many batches. */
  batches?: number;
}

/**
 * Closes `connections` in evenly spaced batches over `spreadMs` and resolves once the last batch
 * is sent. NOTE: closing everyone at once makes every client come back in the same second; the
 * SDK's reconnect jitter spreads them further, but a herd of 10k sockets in one tick also
 * stalls the event loop of the process that is shutting down.
 */
export async function drainInBatches<C extends Drainable>(
  connections: Iterable<C>,
  close: (c: C) => void,
  options: DrainOptions,
): Promise<void> {
  const open = [...connections].filter((c) => !c.closed);
  const batches = Math.max(1, Math.min(options.batches ?? 10, open.length));
  const size = Math.ceil(open.length / batches);
  const gapMs = batches > 1 ? options.spreadMs / (batches - 1) : 0;
  for (let i = 0; i < open.length; i += size) {
    if (i > 0 && gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
    for (const c of open.slice(i, i + size)) close(c);
  }
}
