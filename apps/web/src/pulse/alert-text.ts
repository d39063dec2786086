/** How alerts read on screen (pure). */
import type { AlertKind } from '@candlewire/protocol';

/** Badge text and icon per kind: words, not colour alone. */
export const ALERT_BADGE = {
  surge: { icon: '▲', label: 'Surge' },
  plunge: { icon: '▼', label: 'Plunge' },
  volume_spike: { icon: '◆', label: 'Volume' },
} as const satisfies Record<AlertKind, { icon: string; label: string }>;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Local wall-clock time of an alert: 14:03:27. */
export function alertClock(ms: number): string {
  return clock.format(ms);
}
