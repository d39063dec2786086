import type { Channel, ChannelData, ChannelKind, ChannelSnapshot, StreamPosition } from '@candlewire/protocol';

/** One update of a channel stream, serialized once for every subscriber. */
export interface StreamUpdate {
  channel: Channel;
  seq: number;
  /** The whole `{"type":"update",…}` message as JSON text. */
  frame: string;
}

/** Listener of one channel's updates. */
export type StreamListener = (update: StreamUpdate) => void;

/** History items of one channel, oldest first: what a seeder loaded for it. */
export type SnapshotSeed = { [K in ChannelKind]: { channel: Channel<K>; items: readonly ChannelData[K][] } }[ChannelKind];

/** Loads the initial snapshot of a channel that needs history (candles); called once per channel. */
export type SnapshotSeeder = (channel: Channel) => Promise<SnapshotSeed | null>;

/**
 * Channel streams: per-channel `seq`, `epoch`, bounded history and snapshot.
 * NOTE: reads are synchronous on purpose. A subscriber reads position + snapshot and starts
 * listening in one turn of the event loop, so nothing can slip between them. A Redis broker keeps
 * a local replica per process to honour the same contract; `prepare` is where it may wait.
 */
export interface Broker {
  /** Publishes `data` on `channel` with the next seq. */
  publish<K extends ChannelKind>(channel: Channel<K>, data: ChannelData[K]): void;
  /** Calls `listener` for every later update of `channel`; returns the detach function. */
  listen(channel: Channel, listener: StreamListener): () => void;
  /** Resolves once `channel`'s snapshot is complete (history loaded). */
  prepare(channel: Channel): Promise<void>;
  /** Current epoch and seq of `channel` (seq 0 before its first update). */
  position(channel: Channel): StreamPosition;
  /** The channel's snapshot now, shaped per channel kind. */
  snapshot<K extends ChannelKind>(channel: Channel<K>): ChannelSnapshot[K];
  /** Updates after `from`, oldest first, or null when they are no longer (or never were) in history. */
  since(channel: Channel, from: StreamPosition): StreamUpdate[] | null;
  /**
   * Drops `channel`'s snapshot and history (its seq goes on) so the next `prepare` seeds it again:
   * for producers that stopped feeding a channel nobody listens to (on-demand upstream).
   */
  forget(channel: Channel): void;
  /** Number of channels with state. */
  channelCount(): number;
  /**
   * Calls `listener(channel, true)` when `channel` gains its first listener in this process and
   * `listener(channel, false)` when it loses its last (interest-driven upstream, on-demand
   * producers). Returns the detach function.
   */
  onInterest(listener: InterestListener): () => void;
}

/** Told when a channel gains its first listener (`true`) or loses its last (`false`). */
export type InterestListener = (channel: Channel, interested: boolean) => void;
