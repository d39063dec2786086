import type { Channel, ServerMessage } from '@candlewire/protocol';

/** Which channels the gateway says are stale (the `stale` / `live` extension). */
export interface Freshness {
  /** Handles `stale` and `live`; true when the message was one of them. */
  onMessage(message: ServerMessage): boolean;
  /** The socket is gone: what its gateway said no longer holds (a new one says it again). */
  onDown(): void;
  stale(): ReadonlySet<Channel>;
  onChange(listener: (stale: ReadonlySet<Channel>) => void): () => void;
}

/**
 * Per-channel staleness, as centrifuge-js keeps per-subscription states: a gateway that lost its
 * store says `stale` for the channels it serves (the socket stays), then `live` once every one
 * caught up. Listeners get the whole set on every change.
 */
export function createFreshness(): Freshness {
  let current: ReadonlySet<Channel> = new Set();
  const listeners = new Set<(stale: ReadonlySet<Channel>) => void>();
  const replace = (next: Set<Channel>): void => {
    if (next.size === current.size && [...next].every((c) => current.has(c))) return;
    current = next;
    for (const listener of [...listeners]) {
      try {
        listener(current);
      } catch (err) {
        console.error('candlewire: stale listener threw', err);
      }
    }
  };
  return {
    onMessage(m) {
      if (m.type === 'stale') replace(new Set([...current, ...m.channels]));
      else if (m.type === 'live') replace(new Set([...current].filter((c) => !m.channels.includes(c))));
      else return false;
      return true;
    },
    onDown: () => replace(new Set()),
    stale: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
