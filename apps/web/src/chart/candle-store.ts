/**
 * The chart's in-memory candles: UTC bucket times, sorted, one per time. Candles are immutable:
 * every change replaces the object, so arrays handed to the view can share them.
 */
import type { Candle } from '@candlewire/protocol';

/** What an upsert did: the view can `update()` for `append`/`last`, must `setData` for `older`. */
export type UpsertResult = 'append' | 'last' | 'older';

/** Candles kept at most; older ones are dropped (scrolling back reloads them). */
export const MAX_CANDLES = 20_000;

/** Index of the first candle with time >= `time` (binary search). */
export function lowerBound(candles: readonly Candle[], time: number): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((candles[mid]?.time ?? Infinity) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Only the six contract fields (drops `closed` and anything else). */
export function pickCandle(c: Candle): Candle {
  return { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
}

/** Sorted, de-duplicated copy (last wins per time) of candles in any order. */
function normalize(items: readonly Candle[]): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const c of items) byTime.set(c.time, pickCandle(c));
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/** Sorted candle array with the merge rules of the chart. */
export class CandleStore {
  private items: Candle[] = [];

  /** The candles, oldest first (do not mutate). */
  get candles(): readonly Candle[] {
    return this.items;
  }

  get first(): Candle | undefined {
    return this.items[0];
  }

  get last(): Candle | undefined {
    return this.items.at(-1);
  }

  /** Drops everything (symbol or interval change). */
  clear(): void {
    this.items = [];
  }

  /** Live or corrected state of one bucket. */
  upsert(candle: Candle): UpsertResult {
    const c = pickCandle(candle);
    const last = this.items.at(-1);
    if (last === undefined || c.time > last.time) {
      this.items.push(c);
      return 'append';
    }
    if (c.time === last.time) {
      this.items[this.items.length - 1] = c;
      return 'last';
    }
    const i = lowerBound(this.items, c.time);
    if (this.items[i]?.time === c.time) this.items[i] = c;
    else this.items.splice(i, 0, c);
    return 'older';
  }

  /**
   * REST history: adds the buckets the store does not hold yet.
   * NOTE: REST and the channel race; what the channel already brought is newer, so it wins.
   */
  mergeHistory(page: readonly Candle[]): number {
    const have = new Set(this.items.map((c) => c.time));
    const fresh = normalize(page).filter((c) => !have.has(c.time));
    if (fresh.length === 0) return 0;
    const last = this.items.at(-1);
    const first = fresh[0];
    if (first !== undefined && (last === undefined || first.time > last.time)) this.items.push(...fresh);
    else this.items = normalize([...this.items, ...fresh]);
    return fresh.length;
  }

  /**
   * Channel snapshot (first, or `reset` after a reconnect without recovery): the snapshot is the
   * server's truth from its first bucket on, so everything from there is replaced.
   */
  replaceFrom(snapshot: readonly Candle[]): void {
    const fresh = normalize(snapshot);
    const first = fresh[0];
    if (first === undefined) return;
    this.items = [...this.items.slice(0, lowerBound(this.items, first.time)), ...fresh];
  }

  /** Authoritative page (gap fill after a reset): replaces what the store holds in its time range. */
  replaceRange(page: readonly Candle[]): void {
    const fresh = normalize(page);
    const first = fresh[0];
    const last = fresh.at(-1);
    if (first === undefined || last === undefined) return;
    const before = this.items.slice(0, lowerBound(this.items, first.time));
    const after = this.items.slice(lowerBound(this.items, last.time + 1));
    this.items = [...before, ...fresh, ...after];
  }

  /** Drops the oldest candles beyond `max`; returns how many were dropped. */
  trim(max = MAX_CANDLES): number {
    const extra = this.items.length - max;
    if (extra <= 0) return 0;
    this.items = this.items.slice(extra);
    return extra;
  }

  /** Read-only copy for the test hook. */
  snapshot(): Candle[] {
    return this.items.map(pickCandle);
  }
}
