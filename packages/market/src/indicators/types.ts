/** The shape every incremental indicator shares. */

/**
 * An indicator fed one bar at a time. `replace` = the input revises the last bar (a live candle
 * still forming) instead of adding a new one; its cost does not depend on the series length.
 */
export interface Incremental<I, O> {
  /** Feeds one input; returns the value for that bar, or null while warming up. */
  update(input: I, replace: boolean): O | null;
}

/** The candle fields the indicators read (a wire `Candle` fits). */
export interface IndicatorBar {
  /** Bucket start, epoch seconds. */
  time: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Runs `indicator` over `inputs` from scratch (one value or null per input). */
export function computeSeries<I, O>(indicator: Incremental<I, O>, inputs: readonly I[]): (O | null)[] {
  return inputs.map((input) => indicator.update(input, false));
}
