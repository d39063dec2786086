/**
 * Alert markers (`alerts` channel) on the candles: one per alert, on the bar of the bucket that
 * holds the alert's time, in the chart's wall-clock time. Pure, so it is unit-tested.
 */
import { bucketStart } from '@candlewire/market';
import type { AlertKind, Interval } from '@candlewire/protocol';
import type { SeriesMarker, Time, UTCTimestamp } from 'lightweight-charts';
import { toWallSeconds } from './time-zone';

/** What a marker needs of an alert. */
export interface AlertMark {
  id: string;
  kind: AlertKind;
  changePct: number;
  /** Epoch ms. */
  time: number;
}

/** Where the markers go and how they look. */
export interface MarkerContext {
  interval: Interval;
  timeZone: string;
  /** UTC bucket start of the oldest bar painted (older alerts are left out), or null when none. */
  firstBar: number | null;
  up: string;
  down: string;
  accent: string;
}

const pct = (x: number): string => `${x > 0 ? '+' : x < 0 ? '-' : ''}${Math.abs(x).toFixed(Math.abs(x) >= 1 ? 1 : 2)}%`;

/** Series markers for `marks`, oldest first (what lightweight-charts requires). */
export function toSeriesMarkers(marks: readonly AlertMark[], ctx: MarkerContext): SeriesMarker<Time>[] {
  if (ctx.firstBar === null) return [];
  const out: { sec: number; marker: SeriesMarker<Time> }[] = [];
  for (const m of marks) {
    const sec = bucketStart(ctx.interval, m.time, ctx.timeZone);
    if (sec < ctx.firstBar) continue;
    const time = toWallSeconds(ctx.timeZone, sec) as UTCTimestamp;
    const marker: SeriesMarker<Time> =
      m.kind === 'surge'
        ? { id: m.id, time, position: 'belowBar', shape: 'arrowUp', color: ctx.up, text: pct(m.changePct) }
        : m.kind === 'plunge'
          ? { id: m.id, time, position: 'aboveBar', shape: 'arrowDown', color: ctx.down, text: pct(m.changePct) }
          : { id: m.id, time, position: 'aboveBar', shape: 'circle', color: ctx.accent, text: 'Vol' };
    out.push({ sec, marker });
  }
  return out.sort((a, b) => a.sec - b.sec).map((x) => x.marker);
}
