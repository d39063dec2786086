import { kindOf, type Channel, type ChannelKind } from './channels';
import type { ChannelData, ChannelSnapshot } from './channel-map';
import type { CandleUpdate } from './data';

/** Snapshot sizes per channel kind (contract §2). */
export const SNAPSHOT_LIMITS = { trades: 50, candles: 500, alerts: 20 } as const;

/** Keeps the snapshot of one channel of kind `K` up to date from its updates. */
export interface SnapshotReducer<K extends ChannelKind = ChannelKind> {
  apply(data: ChannelData[K]): void;
  /** Merges older items loaded from history; what updates already brought wins. */
  seed(items: readonly ChannelData[K][]): void;
  /** Replaces the state with a snapshot as the server sent it. */
  load(snapshot: ChannelSnapshot[K]): void;
  value(): ChannelSnapshot[K];
}

/** The reducer of a "latest value" channel (`quote`, `markets`). */
interface LatestReducer<T> {
  apply(data: T): void;
  seed(items: readonly T[]): void;
  load(snapshot: T | null): void;
  value(): T | null;
}

/** The reducer of a "recent items" channel (`trades`, `alerts`, `candles`). */
interface RecentReducer<T> {
  apply(data: T): void;
  seed(items: readonly T[]): void;
  load(snapshot: T[]): void;
  value(): T[];
}

function createLatest<T>(): LatestReducer<T> {
  let latest: T | null = null;
  return {
    apply: (data) => void (latest = data),
    seed: (items) => void (latest ??= items.at(-1) ?? null),
    load: (snapshot) => void (latest = snapshot),
    value: () => latest,
  };
}

/**
 * NOTE: a reducer holds at most `limit` + 1/8 items, trimmed back to `limit` in one slice
 * (amortised O(1)). Trimming only at 2 × `limit` doubled what every channel held: the broker
 * keeps a reducer per channel, and 1s candle channels reached their 1000th item after 17
 * minutes, which a soak saw as growth. (Trimming on every item with `shift()` slowed startup.)
 */
const slack = (limit: number): number => Math.ceil(limit / 8);

function createRecent<T>(limit: number): RecentReducer<T> {
  let items: T[] = [];
  const seed = (older: readonly T[]): void => {
    items = [...older, ...items].slice(-limit);
  };
  return {
    apply(data) {
      items.push(data);
      if (items.length > limit + slack(limit)) items = items.slice(-limit);
    },
    seed,
    load: seed,
    value: () => items.slice(-limit),
  };
}

/**
 * NOTE: candles are keyed by bucket time: a forming candle is replaced by its later states. An
 * update for an older bucket is a revision (a venue correction, a gap repair): it replaces the
 * closed candle of that time if held, and is dropped otherwise (never inserted out of order).
 */
function createCandles(limit: number): RecentReducer<CandleUpdate> {
  let items: CandleUpdate[] = [];
  const upsert = (candle: CandleUpdate): void => {
    const last = items.at(-1);
    if (last === undefined || candle.time > last.time) items.push(candle);
    else if (candle.time === last.time) items[items.length - 1] = candle;
    else {
      const at = indexOfTime(items, candle.time);
      if (at >= 0 && candle.closed) items[at] = candle;
      return;
    }
    if (items.length > limit + slack(limit)) items = items.slice(-limit);
  };
  const seed = (older: readonly CandleUpdate[]): void => {
    const first = items[0]?.time ?? Infinity;
    const before = older.filter((c) => c.time < first);
    items = [...before, ...items].slice(-limit);
  };
  return { apply: upsert, seed, load: seed, value: () => items.slice(-limit) };
}

/** Index of the candle with bucket `time` in `items` (sorted by time), or -1. */
function indexOfTime(items: readonly CandleUpdate[], time: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = items[mid]?.time ?? 0;
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const REDUCERS: { readonly [K in ChannelKind]: () => SnapshotReducer<K> } = {
  quote: () => createLatest(),
  trades: () => createRecent(SNAPSHOT_LIMITS.trades),
  candles: () => createCandles(SNAPSHOT_LIMITS.candles),
  markets: () => createLatest(),
  alerts: () => createRecent(SNAPSHOT_LIMITS.alerts),
};

/** Creates the snapshot reducer for a channel by its kind. */
export function createSnapshotReducer<K extends ChannelKind>(name: Channel<K>): SnapshotReducer<K> {
  return REDUCERS[kindOf(name)]();
}
