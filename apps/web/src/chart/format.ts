/** Number formatting at the instrument's tick precision, for the legend and the price scale. */

/** Decimals of a tick size: 0.01 → 2, 0.5 → 1, 0.00001 → 5, 1 → 0. */
export function tickDecimals(tickSize: number): number {
  if (!Number.isFinite(tickSize) || tickSize <= 0) return 2;
  // NOTE: String(1e-7) is "1e-7": read the decimals from a fixed rendering, trailing zeros trimmed.
  const fixed = tickSize.toFixed(12).replace(/0+$/, '');
  return (fixed.split('.')[1] ?? '').length;
}

/** Price at `decimals`. */
export function formatPrice(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** Signed price change, e.g. `+1.25` / `-0.50`. */
export function formatChange(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${text}`;
}

/** Signed percent, e.g. `+0.42%`. */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(2)}%`;
}

/** Compact volume: 950, 12.3K, 4.56M, 1.2B. */
export function formatVolume(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}K`;
  return Number.isInteger(value) ? String(value) : value.toFixed(abs < 1 ? 4 : 2);
}
