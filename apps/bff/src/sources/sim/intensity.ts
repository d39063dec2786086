import { calendarFor, localDate, sessionSpans, type Instrument } from '@candlewire/market';
import type { PricePath } from './price-path';
import { mix, unit } from './rng';

/** How the simulator treats market sessions. */
export type SimSessions = 'always' | 'real';

/** Bursts: one chance per 20-minute slot of a 1–3 minute burst at 4–10× activity. */
const BURST_SLOT_MINUTES = 20;
const BURST_PROBABILITY = 0.06;
const BURST_MIN = 4;
const BURST_MAX = 10;
/** Activity multiplier of minutes that overlap a jump's fast move (volume follows news). */
const JUMP_ACTIVITY = 3;
/**
 * Mean extra activity that bursts (p = 0.06 per slot × 2 minutes / 20 × (7 − 1)) and jump
 * moves (0.5 a day × ~1.9 minutes × (3 − 1)) add; divided out so that the long-run
 * average rate matches the profile (or `tradesPerSec`).
 */
const ACTIVITY_NORMALIZER = 1 / (1 + (BURST_PROBABILITY * 2 * (7 - 1)) / BURST_SLOT_MINUTES + (0.5 * 1.9 * 2) / 1440);

/** U-shape of the regular session over its elapsed fraction x ∈ [0, 1]: mean 1, 3× busier at the edges. */
function uShape(x: number): number {
  const d = 2 * x - 1;
  return 0.6 + 1.2 * d * d;
}

/**
 * `sessions: 'always'`: regular-session minutes are busier (×1.6 on the U-shape), all others
 * trade at a steady 0.75; together about the profile's rate over a trading day.
 * `sessions: 'real'`: the U-shape with mean 1 in the regular session, 0.2 in pre/post, else 0.
 */
const ALWAYS_REGULAR = 1.6;
const ALWAYS_ELSEWHERE = 0.75;
const REAL_EXTENDED = 0.2;

const STREAM_BURST = 300;

/** A burst of activity: minutes [startMinute, startMinute + minutes) at `factor`× the usual rate. */
export interface Burst {
  startMinute: number;
  minutes: number;
  factor: number;
}

/** Expected trade rate of one instrument, minute by minute. */
export interface Intensity {
  /** Expected trades per second during UTC minute `minute` (0 when it does not trade). */
  ratePerSec(minute: number): number;
  /** The burst covering `minute`, if any. */
  burstAt(minute: number): Burst | null;
}

/** Options of `createIntensity`. */
export interface IntensityOptions {
  /** Hash of (seed, symbol). */
  key: number;
  instrument: Instrument;
  /** Average trades per second (profile rate, or the `tradesPerSec` override). */
  baseRate: number;
  sessions: SimSessions;
  path: PricePath;
  /** Same rate at every hour (no session shape): for load tests. */
  flat?: boolean;
}

/** Creates the trade-rate model of one instrument. */
export function createIntensity(options: IntensityOptions): Intensity {
  const { key, instrument, baseRate, sessions, path } = options;
  const calendar = calendarFor(instrument.market);

  function sessionShape(ms: number): number {
    if (calendar.alwaysOpen || options.flat === true) return 1;
    // NOTE: sessions start and end on whole local minutes, and every zone used has a
    // whole-hour offset, so the status at a UTC minute's start holds for the whole minute.
    for (const span of sessionSpans(calendar, localDate(calendar.timezone, ms))) {
      if (ms < span.start || ms >= span.end) continue;
      if (span.status !== 'open') return sessions === 'real' ? REAL_EXTENDED : ALWAYS_ELSEWHERE;
      const x = (ms + 30_000 - span.start) / (span.end - span.start);
      return sessions === 'real' ? uShape(x) : ALWAYS_REGULAR * uShape(x);
    }
    return sessions === 'real' ? 0 : ALWAYS_ELSEWHERE;
  }

  function burstAt(minute: number): Burst | null {
    const slot = Math.floor(minute / BURST_SLOT_MINUTES);
    // NOTE: a burst lasts at most 3 minutes, so only this slot and the previous one matter.
    for (let s = slot - 1; s <= slot; s += 1) {
      if (unit(mix(key, STREAM_BURST, s)) >= BURST_PROBABILITY) continue;
      const startMinute = s * BURST_SLOT_MINUTES + Math.floor(BURST_SLOT_MINUTES * unit(mix(key, STREAM_BURST + 1, s)));
      const minutes = 1 + Math.floor(3 * unit(mix(key, STREAM_BURST + 2, s)));
      if (minute >= startMinute && minute < startMinute + minutes) {
        const factor = BURST_MIN + (BURST_MAX - BURST_MIN) * unit(mix(key, STREAM_BURST + 3, s));
        return { startMinute, minutes, factor };
      }
    }
    return null;
  }

  return {
    ratePerSec(minute) {
      const ms = minute * 60_000;
      const shape = sessionShape(ms);
      if (shape === 0) return 0;
      const burst = burstAt(minute);
      const jump = path.inJumpMove(ms, ms + 60_000) ? JUMP_ACTIVITY : 1;
      return baseRate * ACTIVITY_NORMALIZER * shape * (burst === null ? 1 : burst.factor) * jump;
    },
    burstAt,
  };
}
