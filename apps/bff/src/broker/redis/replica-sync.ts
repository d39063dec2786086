import {
  CHANNEL_DATA_GUARDS,
  createChannelMap,
  kindOf,
  type Channel,
  type ChannelData,
  type ChannelKind,
  type ChannelMap,
} from '@candlewire/protocol';
import type { Redis } from 'ioredis';
import type { StreamUpdate } from '../types';
import { channelKeys, snapshotShape } from './keys';
import { createReplica, type HistoryWindow, type Replica } from './replica';
import type { ScriptRunner } from './script-runner';

/** What replica upkeep counts. */
export interface SyncCounts {
  backfills: number;
  reloads: number;
}

/** The replicas of one process, each of its channel's kind. */
export type Replicas = ChannelMap<{ [K in ChannelKind]: Replica<K> }>;

/** Keeps this process's replicas in step with Redis. */
export interface ReplicaSync {
  readonly replicas: Replicas;
  /** The replica of `channel` (created empty, not loaded). */
  replicaOf<K extends ChannelKind>(channel: Channel<K>): Replica<K>;
  /** Reads the channel from Redis into its replica (subscribing first); deduplicated per channel. */
  load(channel: Channel): Promise<void>;
  /** Handles one pub/sub message: applies it in seq order, filling gaps from history. */
  deliver(r: Replica, epoch: string, update: StreamUpdate): void;
  /** After a reconnect: every loaded replica catches up from its history stream; resolves when all have. */
  catchUpAll(): Promise<void>;
  /** Drops the replica and its pub/sub subscription. */
  release(channel: Channel): void;
  /** Pub/sub subscriptions as Redis last acknowledged them. */
  subscribed(): number;
}

/** Options of the replica upkeep. */
export interface ReplicaSyncOptions {
  cmd: Redis;
  sub: Redis;
  prefix: string;
  window: HistoryWindow;
  loadScript: ScriptRunner;
  /** Epoch to create when a channel has none yet (a fresh one each time: a flushed Redis gets a new epoch). */
  candidate: () => string;
  counts: SyncCounts;
  now: () => number;
  /**
   * A waiter for the channel's snapshot to be seeded (older history merged), created before the
   * read that may find it unseeded; after a new epoch the replica waits for it before going on.
   */
  seedWaiter: (channel: Channel) => { wait(): Promise<void>; cancel(): void };
  /** A replica's stream restarted under a new epoch: its subscribers need a fresh snapshot. */
  onReset: (channel: Channel) => void;
}

/** A read that is part of a resync. */
interface Resync {
  /** The epoch before it. */
  from: string;
  holdUnseeded: boolean;
}

/** The load script's reply: `[epoch, seq, seeded, snapshot items, frames newest first]`. */
interface LoadReply {
  epoch: string;
  seq: number;
  seeded: boolean;
  items: string[];
  frames: string[];
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads the load script's reply; throws when Redis answered something else. */
function readLoadReply(reply: unknown): LoadReply {
  if (!Array.isArray(reply)) throw new Error('load script: expected an array reply');
  const fields: readonly unknown[] = reply;
  const [epoch, seq, seeded, items, frames] = fields;
  if (typeof epoch !== 'string' || typeof seq !== 'string' || !isStrings(items) || !isStrings(frames))
    throw new Error('load script: reply of the wrong shape');
  return { epoch, seq: Number(seq), seeded: seeded === '1', items, frames };
}

/** The snapshot items of `channel` as Redis holds them (JSON texts), those of its kind. */
function itemsOf<K extends ChannelKind>(channel: Channel<K>, texts: readonly string[]): ChannelData[K][] {
  const isData = CHANNEL_DATA_GUARDS[kindOf(channel)];
  return texts.map((text): unknown => JSON.parse(text)).filter(isData);
}

/** Creates the replica upkeep of one process. */
export function createReplicaSync(options: ReplicaSyncOptions): ReplicaSync {
  const { cmd, sub, prefix, window, counts, now } = options;
  const make = <K extends ChannelKind>(channel: Channel<K>): Replica<K> => createReplica(channel, window);
  const replicas: Replicas = createChannelMap({ quote: make, trades: make, candles: make, markets: make, alerts: make });
  const loads = new Map<Channel, Promise<void>>();
  // NOTE: updates of one channel are applied strictly in seq order: one promise chain per channel.
  const chains = new Map<Channel, Promise<void>>();
  let subscribed = 0;

  const replicaOf = <K extends ChannelKind>(channel: Channel<K>): Replica<K> => replicas.ensure(channel);

  /**
   * Reads `r` from Redis. In a resync (`reset.from`: the epoch before it), a read under another
   * epoch tells `onReset` before any held update is applied; with `reset.holdUnseeded` an unseeded
   * read keeps holding updates (the resync waits for the seed and reads again).
   */
  const readInto = async <K extends ChannelKind>(r: Replica<K>, reset?: Resync): Promise<void> => {
    const keys = channelKeys(r.channel, prefix);
    // NOTE: subscribe first and read second: what is published in between arrives by pub/sub and
    // is held in `pending`, so nothing falls between the read and the live stream.
    const before = r.loaded ? { epoch: r.epoch, seq: r.seq } : null;
    r.loaded = false;
    subscribed = Number(await sub.subscribe(keys.pubsub));
    const reply = await options.loadScript(
      [keys.meta, keys.history, keys.snapshot],
      [snapshotShape(r.channel).kind, options.candidate(), window.minUpdates + 64],
    );
    const { epoch, seq, seeded, items, frames } = readLoadReply(reply);
    const history = frames.map((frame, i) => ({ channel: r.channel, seq: seq - i, frame })).reverse();
    r.reset(epoch, seq, itemsOf(r.channel, items), history, now(), before?.epoch === epoch ? before.seq : Infinity);
    r.seeded = seeded;
    if (reset?.holdUnseeded === true && !seeded) return;
    r.loaded = true;
    // NOTE: subscribers hear of the new epoch before any update of it.
    if (reset !== undefined && epoch !== reset.from) options.onReset(r.channel);
    const pending = r.pending;
    r.pending = [];
    for (const update of pending) deliver(r, epoch, update);
  };

  const load = (channel: Channel, reset?: Resync): Promise<void> => {
    const running = loads.get(channel);
    if (running !== undefined) return running;
    const task = readInto(replicaOf(channel), reset);
    loads.set(channel, task);
    void task.finally(() => loads.delete(channel)).catch(() => undefined);
    return task;
  };

  /** Fills `r` from the history stream up to (excluding) `upTo`; reloads it whole when trimmed. */
  const backfill = async (r: Replica, upTo: number): Promise<void> => {
    const entries = await cmd.xrange(channelKeys(r.channel, prefix).history, `${r.seq + 1}-0`, `${upTo - 1}-0`);
    const firstSeq = Number(entries[0]?.[0].split('-')[0]);
    if (firstSeq !== r.seq + 1 || entries.length !== upTo - 1 - r.seq) {
      counts.reloads++;
      return load(r.channel);
    }
    counts.backfills++;
    for (const [id, fields] of entries) r.append({ channel: r.channel, seq: Number(id.split('-')[0]), frame: fields[1] ?? '' }, now());
  };

  const enqueue = (channel: Channel, step: () => Promise<void>): Promise<void> => {
    const next = (chains.get(channel) ?? Promise.resolve()).then(step).catch(() => undefined);
    chains.set(channel, next);
    void next.then(() => {
      if (chains.get(channel) === next) chains.delete(channel);
    });
    return next;
  };

  /**
   * Redis lost the channel (flushed, or restarted without persistence): a new epoch. The replica
   * holds updates while it reads the new stream, waits for its history to be seeded again (the
   * ingest does that), reads it once more, and then its subscribers are told to start over.
   */
  const resync = async (r: Replica): Promise<void> => {
    counts.reloads++;
    const before = r.epoch;
    const waiter = options.seedWaiter(r.channel);
    r.loaded = false;
    try {
      await load(r.channel, { from: before, holdUnseeded: true });
      if (!r.loaded) {
        // NOTE: no seed within the wait (no ingest leads yet): go on with what Redis has.
        await waiter.wait().catch(() => undefined);
        await load(r.channel, { from: before, holdUnseeded: false });
      }
    } finally {
      waiter.cancel();
    }
  };

  const deliver = (r: Replica, epoch: string, update: StreamUpdate): void => {
    if (!r.loaded) return void r.pending.push(update);
    if (epoch !== r.epoch) return void enqueue(r.channel, () => (epoch === r.epoch ? Promise.resolve() : resync(r)));
    if (update.seq <= r.seq) return; // a duplicate, or already backfilled
    if (update.seq === r.seq + 1 && !chains.has(r.channel)) return r.append(update, now());
    void enqueue(r.channel, async () => {
      if (!r.loaded || epoch !== r.epoch || update.seq <= r.seq) return;
      if (update.seq > r.seq + 1) await backfill(r, update.seq);
      if (update.seq === r.seq + 1) r.append(update, now());
    });
  };

  const catchUp = async (r: Replica): Promise<void> => {
    const [epoch, seqText] = await cmd.hmget(channelKeys(r.channel, prefix).meta, 'epoch', 'seq');
    if (epoch !== r.epoch) return resync(r);
    const seq = Number(seqText ?? 0);
    if (seq > r.seq) await backfill(r, seq + 1);
  };

  return {
    replicas,
    replicaOf,
    load,
    deliver,
    async catchUpAll() {
      const all: Promise<void>[] = [];
      for (const r of replicas.values()) {
        // NOTE: a replica whose read failed (Redis went away under it) is read again.
        if (r.loaded) all.push(enqueue(r.channel, () => catchUp(r)));
        else if (r.listeners.size > 0) all.push(enqueue(r.channel, () => load(r.channel)));
      }
      await Promise.all(all);
    },
    release(channel) {
      replicas.delete(channel);
      void sub.unsubscribe(channelKeys(channel, prefix).pubsub).then(
        (n) => void (subscribed = Number(n)),
        () => undefined,
      );
    },
    subscribed: () => subscribed,
  };
}
