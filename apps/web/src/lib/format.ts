/** Number formatting for prices, changes and ages (pure, unit-tested). */

/**
 * Decimals of a tick size, counted on its decimal string: 0.5 → 1, 0.01 → 2, 0.00001 → 5, 1 → 0.
 * NOTE: not -log10(tick), which gives 0 for 0.5; and String(1e-7) is "1e-7", so exponents are read too.
 */
export function tickDecimals(tickSize: number): number {
  if (!Number.isFinite(tickSize) || tickSize <= 0) return 2;
  const text = String(tickSize);
  const exp = /e-(\d+)$/.exec(text);
  if (exp?.[1] !== undefined) {
    const mantissa = text.slice(0, exp.index);
    return Number(exp[1]) + (mantissa.split('.')[1] ?? '').length;
  }
  return (text.split('.')[1] ?? '').length;
}

/** A price at the given decimals, without grouping (what traders' watchlists show). */
export function formatPrice(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** A signed change in percent with two decimals: +1.23%, -0.40%, 0.00%. */
export function formatChangePct(pct: number): string {
  const rounded = Math.round(pct * 100) / 100;
  const sign = rounded > 0 ? '+' : rounded < 0 ? '-' : '';
  return `${sign}${Math.abs(rounded).toFixed(2)}%`;
}

/** A signed absolute change at the given decimals: +1.25, -0.5. */
export function formatChange(change: number, decimals: number): string {
  const text = Math.abs(change).toFixed(decimals);
  if (Number(text) === 0) return text;
  return `${change > 0 ? '+' : '-'}${text}`;
}

/** Direction of a change, for colour and arrow. */
export type Direction = 'up' | 'down' | 'flat';

/** Direction of a signed number. */
export function directionOf(value: number): Direction {
  return value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
}

/** An age in seconds: 0.3 s, 12 s, 4 m 05 s, 2 h 10 m. */
export function formatAge(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** A duration in seconds with one decimal, never negative: 3.2 s. */
export function formatCountdown(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** Compact uptime: 45 s, 12 m, 3 h 20 m, 2 d 4 h. */
export function formatUptime(sec: number): string {
  if (sec < 60) return `${Math.floor(sec)} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
