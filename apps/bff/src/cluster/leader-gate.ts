import { createChannelMap, type Channel, type ChannelData, type ChannelKind, type ChannelMap } from '@candlewire/protocol';
import type { RedisBroker } from '../broker/redis';
import { snapshotShape } from '../broker/redis/keys';

/** Options of the gate in front of an ingest's publishes. */
export interface LeaderGateOptions {
  broker: RedisBroker;
  /** What a standby holds back per channel, so that a takeover can publish what the old leader missed. */
  holdMs?: number;
  /** At most this many held updates per channel. */
  holdMax?: number;
  /**
   * What a leader keeps of what it published (per channel, this long): a publish Redis never
   * applied (in flight when it went away, then fenced) is published again at the next catch-up.
   */
  trailMs?: number;
  /**
   * Redis is back after the leader held its publishes while it was away: the owner checks the
   * lease and calls `lead()` if it still (or again) holds it.
   */
  onReconnect?: () => void;
  now?: () => number;
}

/** An ingest's broker: publishes pass while it leads and are held (bounded) while it stands by. */
export interface LeaderGate extends RedisBroker {
  /** Becomes leader: publishes what the old leader had not, then passes everything. */
  lead(): Promise<void>;
  /** Stands by: holds publishes from now on. */
  standBy(): void;
  isLeading(): boolean;
}

interface Held<K extends ChannelKind> {
  data: ChannelData[K];
  at: number;
}

/** What a standby holds back of one channel, and how a new leader publishes what Redis lacks of it. */
interface HeldChannel<K extends ChannelKind> {
  readonly list: Held<K>[];
  /** Publishes the held updates `catchUpItems` picks against `last`, the newest item Redis has. */
  catchUp(last: unknown): void;
}

type HeldChannels = ChannelMap<{ [K in ChannelKind]: HeldChannel<K> }>;

function field(data: unknown, name: string): unknown {
  if (typeof data !== 'object' || data === null) return undefined;
  const value: unknown = Reflect.get(data, name);
  return value;
}

/**
 * Which held updates a new leader publishes, given the newest item Redis has: trades and alerts
 * after that item (by id, else by time), candles from that bucket on (the newest state of each),
 * the latest value of anything else if it differs.
 */
export function catchUpItems<T>(channel: Channel, held: readonly T[], last: unknown): T[] {
  const { kind } = snapshotShape(channel);
  if (kind === 'recent') {
    if (last === null) return [...held];
    const id = field(last, 'id');
    const at = id === undefined ? -1 : held.findIndex((item) => field(item, 'id') === id);
    if (at >= 0) return held.slice(at + 1);
    const time = Number(field(last, 'time') ?? -Infinity);
    return held.filter((item) => Number(field(item, 'time')) > time);
  }
  if (kind === 'candles') {
    const from = last === null ? -Infinity : Number(field(last, 'time'));
    const newest = new Map<number, T>();
    for (const item of held) {
      const time = Number(field(item, 'time'));
      if (time >= from) newest.set(time, item);
    }
    return [...newest.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }
  const latest = held.at(-1);
  return latest === undefined || JSON.stringify(latest) === JSON.stringify(last) ? [] : [latest];
}

/** Wraps `broker` so that only a leading ingest writes. */
export function createLeaderGate(options: LeaderGateOptions): LeaderGate {
  const { broker } = options;
  const holdMs = options.holdMs ?? 30_000;
  const holdMax = options.holdMax ?? 5000;
  const trailMs = options.trailMs ?? 5000;
  const now = options.now ?? Date.now;
  const heldChannel = <K extends ChannelKind>(channel: Channel<K>): HeldChannel<K> => {
    const list: Held<K>[] = [];
    return {
      list,
      catchUp(last) {
        for (const item of catchUpItems(
          channel,
          list.map((h) => h.data),
          last,
        ))
          broker.publish(channel, item);
      },
    };
  };
  const newHeld = (): HeldChannels =>
    createChannelMap({ quote: heldChannel, trades: heldChannel, candles: heldChannel, markets: heldChannel, alerts: heldChannel });
  let held = newHeld();
  let mode: 'standby' | 'catching-up' | 'leading' = 'standby';
  /** The leader stood by because Redis went away (not because it lost the lease). */
  let suspended = false;
  const heldChannels = (): Channel[] => [...held.entries()].map(([channel]) => channel);

  const holdBack = <K extends ChannelKind>(channel: Channel<K>, data: ChannelData[K], keepMs = holdMs): void => {
    const at = now();
    const { list } = held.ensure(channel);
    list.push({ data, at });
    let drop = 0;
    while (list.length - drop > holdMax || (list[drop] !== undefined && list[drop]!.at < at - keepMs)) drop++;
    if (drop > 0) list.splice(0, drop);
  };

  return {
    ...broker,
    publish(channel, data) {
      const connected = broker.stats().connected;
      if (mode === 'leading' && connected) {
        broker.publish(channel, data);
        return holdBack(channel, data, trailMs);
      }
      // NOTE: a publish queued while Redis is away could land after the lease expired there
      // (fenced, lost). The leader holds them instead and, once Redis is back and the lease
      // checked, publishes what Redis lacks, as a new leader would: no gap in trades or candles.
      if (mode === 'leading') {
        mode = 'standby';
        suspended = true;
      }
      holdBack(channel, data);
      if (suspended && connected) {
        suspended = false;
        options.onReconnect?.();
      }
    },
    async lead() {
      if (mode !== 'standby') return;
      mode = 'catching-up';
      // NOTE: read what Redis has of every held channel (concurrently), then publish what it lacks
      // for all of them in one turn and let everything pass: updates arriving meanwhile are held,
      // so none can slip between the catch-up and the live stream.
      const lasts = new Map<Channel, unknown>();
      for (let unread = heldChannels(); unread.length > 0; unread = heldChannels().filter((c) => !lasts.has(c))) {
        const values = await Promise.all(unread.map((channel) => broker.last(channel).catch(() => null)));
        if (mode !== 'catching-up') return;
        unread.forEach((channel, i) => lasts.set(channel, values[i] ?? null));
      }
      for (const [channel, h] of held.entries()) h.catchUp(lasts.get(channel) ?? null);
      held = newHeld();
      mode = 'leading';
      // NOTE: gateways back from a Redis outage wait for this before telling clients `live`.
      void broker.announceCaughtUp().catch(() => undefined);
    },
    standBy() {
      mode = 'standby';
      suspended = false;
    },
    isLeading: () => mode === 'leading',
  };
}
