/** Oscillators for their own panes: RSI (Wilder) and MACD. */
import { Ema, Wilder } from './moving-averages';
import type { Incremental } from './types';

/** Relative strength index of closes over `period` changes, Wilder-smoothed (0–100). */
export class Rsi implements Incremental<number, number> {
  private prevClose: number | undefined;
  private lastClose: number | undefined;
  private readonly gain: Wilder;
  private readonly loss: Wilder;

  constructor(period = 14) {
    this.gain = new Wilder(period);
    this.loss = new Wilder(period);
  }

  /** Feeds one close. */
  update(close: number, replace: boolean): number | null {
    if (!replace || this.lastClose === undefined) this.prevClose = this.lastClose;
    this.lastClose = close;
    const prev = this.prevClose;
    if (prev === undefined) return null;
    const avgGain = this.gain.update(Math.max(0, close - prev), replace);
    const avgLoss = this.loss.update(Math.max(0, prev - close), replace);
    if (avgGain === null || avgLoss === null) return null;
    if (avgLoss === 0) return 100;
    return 100 - 100 / (avgGain / avgLoss + 1);
  }
}

/** MACD line, its signal line and their difference; signal and histogram null while the signal warms up. */
export interface MacdValue {
  macd: number;
  signal: number | null;
  histogram: number | null;
}

/** MACD (fast EMA − slow EMA of closes) with an EMA signal line: 12/26/9 by default. */
export class Macd implements Incremental<number, MacdValue> {
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signal: Ema;

  constructor(fast = 12, slow = 26, signal = 9) {
    if (fast >= slow) throw new RangeError(`MACD fast period (${fast}) must be shorter than the slow one (${slow})`);
    this.fast = new Ema(fast);
    this.slow = new Ema(slow);
    this.signal = new Ema(signal);
  }

  /** Feeds one close. */
  update(close: number, replace: boolean): MacdValue | null {
    const fast = this.fast.update(close, replace);
    const slow = this.slow.update(close, replace);
    if (fast === null || slow === null) return null;
    const macd = fast - slow;
    const signal = this.signal.update(macd, replace);
    return { macd, signal, histogram: signal === null ? null : macd - signal };
  }
}
