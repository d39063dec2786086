import {
  CHANNEL_DATA_GUARDS,
  createSnapshotReducer,
  kindOf,
  type Channel,
  type ChannelData,
  type ChannelKind,
  type ChannelSnapshot,
  type SnapshotReducer,
  type StreamPosition,
} from '@candlewire/protocol';
import type { StreamListener, StreamUpdate } from '../types';

/** Retention of a replica's local history (the contract's resume window). */
export interface HistoryWindow {
  minUpdates: number;
  minMs: number;
}

/**
 * A gateway's local copy of one channel stream: position, recent frames and snapshot, kept in
 * `seq` order from Redis. Reads are synchronous, as the Broker contract wants.
 */
export interface Replica<K extends ChannelKind = ChannelKind> {
  readonly channel: Channel<K>;
  epoch: string;
  seq: number;
  listeners: Set<StreamListener>;
  /** True once loaded from Redis; before that updates are held in `pending`. */
  loaded: boolean;
  /** Whether the snapshot in Redis was seeded (older history merged) when last read. */
  seeded: boolean;
  pending: StreamUpdate[];
  /** Appends the next update (`seq` = this.seq + 1), updates the snapshot, tells listeners. */
  append(update: StreamUpdate, at: number): void;
  /**
   * Replaces everything with a fresh read from Redis; listeners are told the frames after
   * `notifyAfter` (a reload in the same epoch must not skip updates they have not seen).
   */
  reset(
    epoch: string,
    seq: number,
    snapshotItems: readonly ChannelData[K][],
    framesOldestFirst: StreamUpdate[],
    at: number,
    notifyAfter: number,
  ): void;
  snapshot(): ChannelSnapshot[K];
  since(from: StreamPosition): StreamUpdate[] | null;
}

/** The `data` of an update frame. */
export function dataOfFrame(frame: string): unknown {
  const parsed: unknown = JSON.parse(frame);
  return typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : null;
}

/** The `data` of an update frame of `channel`, or null when it is not of the channel's kind. */
export function channelDataOfFrame<K extends ChannelKind>(channel: Channel<K>, frame: string): ChannelData[K] | null {
  const data = dataOfFrame(frame);
  return CHANNEL_DATA_GUARDS[kindOf(channel)](data) ? data : null;
}

/** Creates an empty, not yet loaded replica of `channel`. */
export function createReplica<K extends ChannelKind>(channel: Channel<K>, window: HistoryWindow): Replica<K> {
  let frames: StreamUpdate[] = [];
  let times: number[] = [];
  let reducer: SnapshotReducer<K> = createSnapshotReducer(channel);
  const trim = (at: number): void => {
    let drop = 0;
    while (frames.length - drop > window.minUpdates && (times[drop] ?? at) < at - window.minMs) drop++;
    // NOTE: slice only once the dead prefix is large: O(1) amortised per update.
    if (drop > 64 || (drop > 0 && drop * 2 > frames.length)) {
      frames = frames.slice(drop);
      times = times.slice(drop);
    }
  };
  const replica: Replica<K> = {
    channel,
    epoch: '',
    seq: 0,
    listeners: new Set(),
    loaded: false,
    seeded: false,
    pending: [],
    append(update, at) {
      replica.seq = update.seq;
      frames.push(update);
      times.push(at);
      trim(at);
      // NOTE: the publish script stored what the typed publisher sent; a frame of another shape is not applied.
      const data = channelDataOfFrame(channel, update.frame);
      if (data !== null) reducer.apply(data);
      for (const listener of replica.listeners) listener(update);
    },
    reset(epoch, seq, snapshotItems, framesOldestFirst, at, notifyAfter) {
      replica.epoch = epoch;
      replica.seq = seq;
      reducer = createSnapshotReducer(channel);
      reducer.seed(snapshotItems);
      frames = framesOldestFirst.filter((u) => u.seq <= seq);
      times = frames.map(() => at);
      for (const update of frames) if (update.seq > notifyAfter) for (const listener of replica.listeners) listener(update);
    },
    snapshot: () => reducer.value(),
    since(from) {
      if (from.epoch !== replica.epoch || from.seq > replica.seq) return null;
      const first = frames[0]?.seq ?? replica.seq + 1;
      if (from.seq < first - 1) return null;
      return frames.filter((u) => u.seq > from.seq);
    },
  };
  return replica;
}
