/** The web app's one formatting module: prices, changes, volumes and durations (pure, unit-tested). */

/**
 * Decimals of a tick size: 0.5 → 1, 0.01 → 2, 0.00001 → 5, 1e-7 → 7, 1 → 0.
 * NOTE: not -log10(tick), which gives 0 for 0.5; String(1e-7) is "1e-7" and 0.1 + 0.2 prints 17
 * decimals, so the decimals are read from a fixed 12-decimal rendering with trailing zeros trimmed.
 */
export function tickDecimals(tickSize: number): number {
  if (!Number.isFinite(tickSize) || tickSize <= 0) return 2;
  const fixed = tickSize.toFixed(12).replace(/0+$/, '');
  return (fixed.split('.')[1] ?? '').length;
}

/** A price at the given decimals, without grouping (what traders' watchlists show). */
export function formatPrice(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** The minus sign: ASCII in the watchlist and movers (as typed), typographic (U+2212) on the chart. */
export type Minus = '-' | '−';

/** A signed number at `decimals`; a value that rounds to zero carries no sign: +1.25, -0.50, 0.00. */
export function formatSigned(value: number, decimals: number, minus: Minus = '-'): string {
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return text;
  return `${value > 0 ? '+' : minus}${text}`;
}

/** A signed absolute change at the given decimals: +1.25, -0.5. */
export function formatChange(change: number, decimals: number, minus: Minus = '-'): string {
  return formatSigned(change, decimals, minus);
}

/** A signed change in percent with two decimals: +1.23%, -0.40%, 0.00%; '—' when not a number. */
export function formatChangePct(pct: number, minus: Minus = '-'): string {
  if (!Number.isFinite(pct)) return '—';
  return `${formatSigned(pct, 2, minus)}%`;
}

/** Compact volume: 950, 12.3K, 4.56M, 1.2B. */
export function formatVolume(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  return Number.isInteger(value) ? String(value) : value.toFixed(abs < 1 ? 4 : 2);
}

/** Direction of a change, for colour and arrow. */
export type Direction = 'up' | 'down' | 'flat';

/** Direction of a signed number. */
export function directionOf(value: number): Direction {
  return value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
}

/** How a duration reads. */
export interface DurationStyle {
  /** "14m 05s" instead of "14 m 05 s". */
  compact?: boolean;
  /** Below this many ms, seconds with one decimal ("3.2 s"). */
  tenthsBelowMs?: number;
  /** Largest unit: hours keep counting ("30 h 05 m") when 'h'. */
  maxUnit?: 'd' | 'h';
}

const UNITS = [
  { label: 'd', sec: 86_400 },
  { label: 'h', sec: 3_600 },
  { label: 'm', sec: 60 },
  { label: 's', sec: 1 },
] as const;

/** A duration, never negative, as its two largest units: 45 s, 4 m 05 s, 2 h 10 m, 3 d 04 h. */
export function formatDuration(ms: number, style: DurationStyle = {}): string {
  const gap = style.compact === true ? '' : ' ';
  const clamped = Math.max(0, ms);
  if (clamped < (style.tenthsBelowMs ?? 0)) return `${(clamped / 1000).toFixed(1)}${gap}s`;
  const total = Math.floor(clamped / 1000);
  const units = style.maxUnit === 'h' ? UNITS.slice(1) : UNITS;
  const top = units.findIndex((u) => total >= u.sec);
  const first = units[top === -1 ? units.length - 1 : top] ?? UNITS[3];
  const amount = Math.floor(total / first.sec);
  const next = units[units.indexOf(first) + 1];
  if (next === undefined) return `${amount}${gap}${first.label}`;
  const rest = Math.floor((total % first.sec) / next.sec);
  return `${amount}${gap}${first.label} ${String(rest).padStart(2, '0')}${gap}${next.label}`;
}

/** An age: 0.3 s, 12 s, 4 m 05 s, 2 h 10 m. */
export function formatAge(ms: number): string {
  return formatDuration(ms, { tenthsBelowMs: 10_000, maxUnit: 'h' });
}

/** A countdown in seconds with one decimal, never negative: 3.2 s (minutes above 60 s). */
export function formatCountdown(ms: number): string {
  return formatDuration(ms, { tenthsBelowMs: 60_000 });
}

/** Uptime from seconds: 45 s, 12 m 05 s, 3 h 20 m, 2 d 04 h. */
export function formatUptime(sec: number): string {
  return formatDuration(sec * 1000);
}

/** Time left, compact: 45s, 14m 05s, 2h 14m, 3d 04h. */
export function formatTimeLeft(ms: number): string {
  return formatDuration(ms, { compact: true });
}
