/** Session-anchored VWAP: restarts at each local day of the exchange's time zone. */
import { localDay } from '../zoned-time';
import type { Incremental, IndicatorBar } from './types';

/**
 * Volume-weighted average of the typical price (high + low + close) / 3 since the session began,
 * the session being the local day of `timeZone` (the exchange's; UTC for crypto).
 * NOTE: the last bar's share is kept apart from the session's sums, so a live revision costs O(1).
 */
export class SessionVwap implements Incremental<IndicatorBar, number> {
  private sessionEnd = -Infinity;
  private sessionStart = Infinity;
  private sumPv = 0;
  private sumV = 0;
  private lastPv = 0;
  private lastV = 0;
  private hasLast = false;

  constructor(private readonly timeZone: string) {}

  /** Feeds one bar (`replace`: a revision of the last one, same bucket). */
  update(bar: IndicatorBar, replace: boolean): number | null {
    if (!replace || !this.hasLast) this.advance(bar.time * 1000);
    this.lastPv = ((bar.high + bar.low + bar.close) / 3) * bar.volume;
    this.lastV = bar.volume;
    this.hasLast = true;
    const volume = this.sumV + this.lastV;
    return volume > 0 ? (this.sumPv + this.lastPv) / volume : null;
  }

  /** Folds the last bar into the session sums, or starts a new session at `ms`. */
  private advance(ms: number): void {
    if (ms >= this.sessionStart && ms < this.sessionEnd) {
      this.sumPv += this.lastPv;
      this.sumV += this.lastV;
    } else {
      const day = localDay(this.timeZone, ms);
      this.sessionStart = day.start;
      this.sessionEnd = day.end;
      this.sumPv = 0;
      this.sumV = 0;
    }
    this.lastPv = 0;
    this.lastV = 0;
  }
}
