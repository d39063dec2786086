/** A small LRU map bounded by the total weight of its values (e.g. a candle count). */
export class WeightedLru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  /** `maxWeight`: the most total weight kept; `weigh`: the weight of one value (≥ 1). */
  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value under `key` (marking it most recently used), or undefined. */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    // NOTE: Map keeps insertion order: re-inserting moves the entry to the young end.
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  /** Stores `value` under `key`, evicting the least recently used entries over the bound. */
  set(key: K, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.total -= old.weight;
    }
    const weight = Math.max(1, this.weigh(value));
    if (weight > this.maxWeight) return;
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.map) {
      if (this.total <= this.maxWeight) break;
      this.map.delete(oldest);
      this.total -= entry.weight;
    }
  }

  /** Every entry, least recently used first (no reordering). */
  *entries(): IterableIterator<[K, V]> {
    for (const [key, entry] of this.map) yield [key, entry.value];
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }
}
