import type { CandleUpdate } from './data';

/** Snapshot sizes per channel kind (contract §2). */
export const SNAPSHOT_LIMITS = { trades: 50, candles: 500, alerts: 20 } as const;

/** Keeps the snapshot of one channel up to date from its updates. */
export interface SnapshotReducer {
  apply(data: unknown): void;
  /** Merges older items loaded from history; what updates already brought wins. */
  seed(items: unknown[]): void;
  value(): unknown;
}

function createLatest(): SnapshotReducer {
  let latest: unknown = null;
  return {
    apply: (data) => void (latest = data),
    seed: (items) => void (latest ??= items.at(-1) ?? null),
    value: () => latest,
  };
}

function createRecent(limit: number): SnapshotReducer {
  let items: unknown[] = [];
  return {
    apply(data) {
      items.push(data);
      if (items.length > limit * 2) items = items.slice(-limit);
    },
    seed(older) {
      items = [...older, ...items].slice(-limit);
    },
    value: () => items.slice(-limit),
  };
}

/**
 * NOTE: candles are keyed by bucket time: a forming candle is replaced by its later states. An
 * update for an older bucket is a revision (a venue correction, a gap repair): it replaces the
 * closed candle of that time if held, and is dropped otherwise (never inserted out of order).
 */
function createCandles(limit: number): SnapshotReducer {
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
    if (items.length > limit * 2) items = items.slice(-limit);
  };
  return {
    apply: (data) => upsert(data as CandleUpdate),
    seed(older) {
      const first = items[0]?.time ?? Infinity;
      const before = (older as CandleUpdate[]).filter((c) => c.time < first);
      items = [...before, ...items].slice(-limit);
    },
    value: () => items.slice(-limit),
  };
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

/** Creates the snapshot reducer for a channel name by its kind. */
export function createSnapshotReducer(channel: string): SnapshotReducer {
  const kind = channel.split(':', 1)[0];
  switch (kind) {
    case 'trades':
      return createRecent(SNAPSHOT_LIMITS.trades);
    case 'candles':
      return createCandles(SNAPSHOT_LIMITS.candles);
    case 'alerts':
      return createRecent(SNAPSHOT_LIMITS.alerts);
    default:
      return createLatest();
  }
}
