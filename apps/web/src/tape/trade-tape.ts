/**
 * The time-and-sales tape (pure): a bounded, newest-first list of trades, each flagged as a
 * large print when its size stands out from the symbol's recent trades. Unit-tested.
 */
import type { Trade } from '@candlewire/protocol';

/** Rows the tape keeps (older ones fall off). */
export const TAPE_ROWS = 150;
/** A print is large at this many times the mean size of the recent trades… */
export const LARGE_FACTOR = 4;
/** …measured over this many trades, and only once that many were seen. */
export const SIZE_WINDOW = 200;
const MIN_SAMPLE = 20;

/** One tape row. */
export interface TapeRow extends Trade {
  large: boolean;
}

/** The tape of one symbol. */
export class TradeTape {
  private rows: TapeRow[] = [];
  private readonly sizes: number[] = [];
  private sizeSum = 0;
  private lastId = -Infinity;

  /** Newest first (a fresh array after each change; do not mutate). */
  get list(): readonly TapeRow[] {
    return this.rows;
  }

  /** Starts over (another symbol, or a snapshot after a reset). */
  clear(): void {
    this.rows = [];
    this.sizes.length = 0;
    this.sizeSum = 0;
    this.lastId = -Infinity;
  }

  /**
   * Adds trades in time order (oldest first). Ids already seen are skipped (a late snapshot
   * overlapping the updates). Returns true when the list changed.
   */
  push(trades: readonly Trade[]): boolean {
    const fresh: TapeRow[] = [];
    for (const t of trades) {
      if (t.id <= this.lastId) continue;
      this.lastId = t.id;
      fresh.push({ ...t, large: this.isLarge(t.size) });
      this.remember(t.size);
    }
    if (fresh.length === 0) return false;
    fresh.reverse();
    this.rows = fresh.length >= TAPE_ROWS ? fresh.slice(0, TAPE_ROWS) : [...fresh, ...this.rows.slice(0, TAPE_ROWS - fresh.length)];
    return true;
  }

  private isLarge(size: number): boolean {
    return this.sizes.length >= MIN_SAMPLE && size >= (LARGE_FACTOR * this.sizeSum) / this.sizes.length;
  }

  private remember(size: number): void {
    this.sizes.push(size);
    this.sizeSum += size;
    if (this.sizes.length > SIZE_WINDOW) this.sizeSum -= this.sizes.shift() ?? 0;
  }
}
