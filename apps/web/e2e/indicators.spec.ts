/**
 * Indicators in real Chromium against the built BFF: chosen from the chart's menu, drawn in their
 * panes, values at the crosshair equal to their definition on the chart's own candles, live, persisted.
 */
import { chartOf, hoverPlot, presetCharts, readCandles, waitForHistory, type Bar, type Slot } from './chart-helpers';
import { expect, test } from './fixtures';

// NOTE: a crypto pair trades around the clock, so the live part never depends on the time of day.
const SLOT: Slot = { symbol: 'BTC-USDT', interval: '1m' };

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Session VWAP at bar `i` (UTC day for crypto), or NaN when the loaded history starts inside that session. */
function vwapAt(candles: Bar[], i: number): number {
  const bar = candles[i];
  if (bar === undefined) return NaN;
  const start = Math.floor(bar.time / 86_400) * 86_400;
  if ((candles[0]?.time ?? Infinity) >= start) return NaN;
  const session = candles.slice(0, i + 1).filter((c) => c.time >= start);
  const volume = session.reduce((s, c) => s + c.volume, 0);
  return session.reduce((s, c) => s + ((c.high + c.low + c.close) / 3) * c.volume, 0) / volume;
}

test('indicators come from the menu, sit in their panes, match their definition at the crosshair, update live and persist', async ({
  page,
}) => {
  await presetCharts(page, [SLOT]);
  await page.goto('/');
  await waitForHistory(page, SLOT);
  const chart = chartOf(page, SLOT);

  const menu = chart.getByTestId('indicator-menu');
  await menu.click();
  for (const id of ['sma', 'vwap', 'rsi', 'macd']) {
    const item = page.getByTestId(`indicator-${id}`);
    await item.click();
    await expect(item).toHaveAttribute('aria-checked', 'true');
  }
  await expect(page.getByTestId('indicator-ema')).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('indicator-sma')).toHaveCount(0);
  await expect(menu).toBeFocused();

  const legend = chart.getByTestId('indicator-legend');
  await expect(legend, 'price, volume, RSI and MACD panes').toHaveAttribute('data-panes', '4');
  await expect(legend.locator('[data-indicator]')).toHaveCount(4);

  // At the crosshair: a closed bar in the middle of the plot.
  await hoverPlot(page, chart, 0.5, 0.3);
  const latest = (await readCandles(page, SLOT)).at(-1)?.time;
  await expect(legend).not.toHaveAttribute('data-time', String(latest));
  const time = Number(await legend.getAttribute('data-time'));
  const value = async (indicator: string, line: string): Promise<number> =>
    Number(await legend.locator(`[data-indicator="${indicator}"] [data-line="${line}"]`).getAttribute('data-value'));
  const [sma, vwap, rsi, hist, macd, signal] = [
    await value('sma', 'SMA'),
    await value('vwap', 'VWAP'),
    await value('rsi', 'RSI'),
    await value('macd', 'Hist'),
    await value('macd', 'MACD'),
    await value('macd', 'Signal'),
  ];
  const candles = await readCandles(page, SLOT);
  const i = candles.findIndex((c) => c.time === time);
  expect(i, 'hovered bar is held').toBeGreaterThan(20);
  expect(sma).toBeCloseTo(mean(candles.slice(i - 19, i + 1).map((c) => c.close)), 6);
  const expectedVwap = vwapAt(candles, i);
  if (Number.isNaN(expectedVwap)) expect(vwap).toBeNaN();
  else expect(vwap).toBeCloseTo(expectedVwap, 6);
  expect(rsi).toBeGreaterThanOrEqual(0);
  expect(rsi).toBeLessThanOrEqual(100);
  expect(hist).toBeCloseTo(macd - signal, 9);
  await expect(legend.locator('[data-indicator="sma"]')).toContainText(/SMA 20\s*\d+\.\d{2}/);

  // Off the plot, the legend follows the live candle.
  await page.mouse.move(2, 2);
  await expect(legend).toHaveAttribute('data-time', String((await readCandles(page, SLOT)).at(-1)?.time));
  const live = await value('sma', 'SMA');
  await expect.poll(() => value('sma', 'SMA'), { timeout: 10_000, message: 'SMA of the live candle moves' }).not.toBe(live);

  // Persisted per chart; a removed pane goes away.
  await page.reload();
  await waitForHistory(page, SLOT);
  await expect(legend.locator('[data-indicator]')).toHaveCount(4);
  await chart.getByTestId('indicator-menu').click();
  await expect(page.getByTestId('indicator-rsi')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('indicator-rsi').click();
  await expect(legend).toHaveAttribute('data-panes', '3');
  await expect(legend.locator('[data-indicator="rsi"]')).toHaveCount(0);
});

test('the indicator menu works from the keyboard', async ({ page }) => {
  await presetCharts(page, [SLOT]);
  await page.goto('/');
  await waitForHistory(page, SLOT);
  const chart = chartOf(page, SLOT);
  await chart.getByTestId('indicator-menu').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('indicator-sma')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('indicator-ema')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('indicator-ema')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('End');
  await expect(page.getByTestId('indicator-macd')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(chart.getByTestId('indicator-legend').locator('[data-indicator="ema"]')).toContainText('EMA 50');
});
