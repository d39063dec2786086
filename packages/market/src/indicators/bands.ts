/** Bollinger bands: SMA ± k population standard deviations of the closes. */
import { Window } from './moving-averages';
import type { Incremental } from './types';

/** Middle, upper and lower band of one bar. */
export interface BandsValue {
  middle: number;
  upper: number;
  lower: number;
}

/** Bollinger bands over `period` closes, `k` deviations wide (20, 2 by default). */
export class Bollinger implements Incremental<number, BandsValue> {
  private readonly window: Window;

  constructor(
    period = 20,
    private readonly k = 2,
  ) {
    if (!Number.isInteger(period) || period < 2) throw new RangeError(`Bollinger period must be an integer ≥ 2, got ${period}`);
    this.window = new Window(period);
  }

  /** Feeds one close. */
  update(close: number, replace: boolean): BandsValue | null {
    this.window.put(close, replace);
    if (!this.window.full) return null;
    const middle = this.window.mean();
    let squares = 0;
    for (const v of this.window.values) squares += (v - middle) * (v - middle);
    const deviation = Math.sqrt(squares / this.window.size);
    return { middle, upper: middle + this.k * deviation, lower: middle - this.k * deviation };
  }
}
