import type { Channel } from '@candlewire/protocol';

/**
 * What a broker whose streams live outside the process (Redis) tells the gateway besides
 * updates: a stream that restarted under a new epoch, and whether its store is reachable.
 */
export interface BrokerSignals {
  /** Calls `listener(channel)` when `channel`'s stream restarted under a new epoch (its subscribers need a fresh snapshot). */
  onReset(listener: (channel: Channel) => void): () => void;
  /** True while the store is unreachable: what this process serves may be behind. */
  isStale(): boolean;
  /** Calls `listener(true)` when the store is lost, `listener(false)` once it is back and every stream caught up. */
  onStale(listener: (stale: boolean) => void): () => void;
}
