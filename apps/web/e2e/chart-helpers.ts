/** Helpers of the chart-extras specs: layout and chart settings before boot, candles from the test hook. */
import type { Candle } from '@candlewire/protocol';
import { expect, type Locator, type Page } from '@playwright/test';

/** One chart cell of the layout store. */
export type Slot = { symbol: string; interval: '1s' | '1m' | '5m' | '15m' | '1h' | '1d' };

/** A candle as the `__candlewire` hook returns it. */
export type Bar = Candle;

/** Sets the chart layout (and optionally chart settings) in localStorage before the app boots, once. */
export async function presetCharts(page: Page, charts: Slot[], settings?: Record<number, unknown>): Promise<void> {
  const fill = [
    { symbol: 'AAPL', interval: '1m' },
    { symbol: 'MSFT', interval: '1m' },
    { symbol: 'NVDA', interval: '1m' },
  ];
  const layout = JSON.stringify({ state: { count: charts.length, charts: [...charts, ...fill].slice(0, 4), focused: 0 }, version: 1 });
  const stored = settings === undefined ? null : JSON.stringify({ state: { charts: settings }, version: 1 });
  // NOTE: only on the first load: a reload must read what the app itself persisted.
  await page.addInitScript(
    ([l, s]) => {
      if (sessionStorage.getItem('preset') !== null) return;
      sessionStorage.setItem('preset', '1');
      localStorage.setItem('candlewire.layout', l ?? '');
      if (s !== null && s !== undefined) localStorage.setItem('candlewire.chart-settings', s);
    },
    [layout, stored] as const,
  );
}

/** The candles the chart of `slot` holds. */
export function readCandles(page: Page, { symbol, interval }: Slot): Promise<Bar[]> {
  return page.evaluate(([s, i]) => window.__candlewire?.candles(s, i) ?? [], [symbol, interval] as const);
}

/** The chart panel of `slot`. */
export const chartOf = (page: Page, { symbol, interval }: Slot): Locator =>
  page.locator(`[data-testid="chart"][data-symbol="${symbol}"][data-interval="${interval}"]`);

/** Waits for more than `min` candles of history on the chart of `slot`. */
export async function waitForHistory(page: Page, slot: Slot, min = 100): Promise<void> {
  await expect(chartOf(page, slot)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect
    .poll(async () => (await readCandles(page, slot)).length, { timeout: 15_000, message: `${slot.symbol} ${slot.interval} history` })
    .toBeGreaterThan(min);
}

/** Moves the mouse over the plot of `chart` at fractions of its width and height. */
export async function hoverPlot(page: Page, chart: Locator, fx: number, fy: number): Promise<void> {
  const box = await chart.locator('.cw-plot').boundingBox();
  if (box === null) throw new Error('chart plot not laid out');
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
}
