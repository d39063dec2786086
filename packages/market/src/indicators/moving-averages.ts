/** Moving averages: simple, exponential and Wilder's, each updatable in place for the live bar. */
import type { Incremental } from './types';

function checkPeriod(period: number): number {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`indicator period must be a positive integer, got ${period}`);
  return period;
}

/** The last `size` inputs; the last one can be revised. */
export class Window {
  readonly values: number[] = [];

  constructor(readonly size: number) {}

  /** Adds `value` (or revises the last one when `replace`). */
  put(value: number, replace: boolean): void {
    if (replace && this.values.length > 0) this.values[this.values.length - 1] = value;
    else {
      this.values.push(value);
      if (this.values.length > this.size) this.values.shift();
    }
  }

  /** True once `size` inputs were seen. */
  get full(): boolean {
    return this.values.length === this.size;
  }

  /** Mean of the inputs held. */
  mean(): number {
    let sum = 0;
    for (const v of this.values) sum += v;
    return sum / this.values.length;
  }
}

/** Simple moving average of the last `period` inputs (O(period) per update). */
export class Sma implements Incremental<number, number> {
  private readonly window: Window;

  constructor(period: number) {
    this.window = new Window(checkPeriod(period));
  }

  /** Feeds one value. */
  update(value: number, replace: boolean): number | null {
    this.window.put(value, replace);
    return this.window.full ? this.window.mean() : null;
  }
}

/**
 * A recursive average `next = prev + weight × (value − prev)`: exponential (weight 2/(n+1),
 * seeded with the first input) or Wilder's (weight 1/n, seeded with the SMA of the first n).
 * NOTE: the state before the last bar is kept, so a live revision recomputes one step only.
 */
class Recursive implements Incremental<number, number> {
  private count = 0;
  private before: number | undefined;
  private current: number | undefined;
  private readonly seed: Sma | null;

  constructor(
    private readonly period: number,
    private readonly weight: number,
    smaSeed: boolean,
  ) {
    this.seed = smaSeed ? new Sma(period) : null;
  }

  update(value: number, replace: boolean): number | null {
    if (!replace || this.count === 0) {
      this.count++;
      this.before = this.current;
    }
    const seeded = this.seed?.update(value, replace) ?? null;
    const prev = this.before;
    if (prev !== undefined) this.current = prev + (value - prev) * this.weight;
    else this.current = this.seed === null ? value : (seeded ?? undefined);
    return this.count >= this.period && this.current !== undefined ? this.current : null;
  }
}

/** Exponential moving average (weight 2/(period+1), seeded with the first input; null for the first period−1 bars). */
export class Ema extends Recursive {
  constructor(period: number) {
    super(checkPeriod(period), 2 / (period + 1), false);
  }
}

/** Wilder's smoothing (RMA): weight 1/period, seeded with the SMA of the first `period` inputs. */
export class Wilder extends Recursive {
  constructor(period: number) {
    super(checkPeriod(period), 1 / period, true);
  }
}
