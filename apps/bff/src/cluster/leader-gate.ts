import type { RedisBroker } from '../broker/redis';
import { snapshotShape } from '../broker/redis/keys';

/** Options of the gate in front of an ingest's publishes. */
export interface LeaderGateOptions {
  broker: RedisBroker;
  /** What a standby holds back per channel, so that a takeover can publish what the old leader missed. */
  holdMs?: number;
  /** At most this many held updates per channel. */
  holdMax?: number;
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

interface Held {
  data: unknown;
  at: number;
}

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
export function catchUpItems(channel: string, held: readonly unknown[], last: unknown): unknown[] {
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
    const newest = new Map<number, unknown>();
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
  const now = options.now ?? Date.now;
  const held = new Map<string, Held[]>();
  let mode: 'standby' | 'catching-up' | 'leading' = 'standby';

  const holdBack = (channel: string, data: unknown): void => {
    const at = now();
    let list = held.get(channel);
    if (list === undefined) held.set(channel, (list = []));
    list.push({ data, at });
    let drop = 0;
    while (list.length - drop > holdMax || (list[drop] !== undefined && list[drop]!.at < at - holdMs)) drop++;
    if (drop > 0) list.splice(0, drop);
  };

  return {
    ...broker,
    publish(channel, data) {
      if (mode === 'leading') return broker.publish(channel, data);
      holdBack(channel, data);
    },
    async lead() {
      if (mode !== 'standby') return;
      mode = 'catching-up';
      // NOTE: read what Redis has of every held channel (concurrently), then publish what it lacks
      // for all of them in one turn and let everything pass: updates arriving meanwhile are held,
      // so none can slip between the catch-up and the live stream.
      const lasts = new Map<string, unknown>();
      for (let unread = [...held.keys()]; unread.length > 0; unread = [...held.keys()].filter((c) => !lasts.has(c))) {
        const values = await Promise.all(unread.map((channel) => broker.last(channel).catch(() => null)));
        if (mode !== 'catching-up') return;
        unread.forEach((channel, i) => lasts.set(channel, values[i] ?? null));
      }
      for (const [channel, list] of held) {
        for (const item of catchUpItems(channel, list.map((h) => h.data), lasts.get(channel) ?? null)) broker.publish(channel, item);
      }
      held.clear();
      mode = 'leading';
    },
    standBy() {
      mode = 'standby';
    },
    isLeading: () => mode === 'leading',
  };
}
