/** Quote strip, price-scale modes and compare lines, in real Chromium against the built BFF. */
import { chartOf, presetCharts, readCandles, waitForHistory, type Slot } from './chart-helpers';
import { expect, test } from './fixtures';

const num = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

test('the quote strip shows bid, ask, spread, day range and volume, live', async ({ page }) => {
  const slot: Slot = { symbol: 'BTC-USDT', interval: '1m' };
  await presetCharts(page, [slot]);
  await page.goto('/');
  const strip = chartOf(page, slot).getByTestId('quote-strip');
  await expect(strip).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  const field = (name: string) => strip.locator(`[data-field="${name}"] .cw-quote-value`);
  // NOTE: one read of the whole strip: the quote may tick between two separate reads.
  const texts = await strip.evaluate((el): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const f of el.querySelectorAll('[data-field]'))
      out[f.getAttribute('data-field') ?? ''] = f.querySelector('.cw-quote-value')?.textContent ?? '';
    return out;
  });
  const [bid, ask, high, low] = [num(texts['bid'] ?? ''), num(texts['ask'] ?? ''), num(texts['high'] ?? ''), num(texts['low'] ?? '')];
  expect(ask).toBeGreaterThan(bid);
  expect(high).toBeGreaterThanOrEqual(low);
  await expect(field('bid')).toHaveText(/^\d+\.\d{2}$/);
  await expect(field('spread')).toHaveText(/^\d+\.\d{2}$/);
  await expect(strip.locator('[data-field="spread"] .cw-quote-extra')).toHaveText(/^\d+\.\d bp$/);
  await expect(field('volume')).toHaveText(/^\d+(\.\d+)?[KMB]?$/);
  expect(num(texts['spread'] ?? '')).toBeCloseTo(ask - bid, 1);
  const first = await field('bid').textContent();
  await expect.poll(() => field('bid').textContent(), { timeout: 10_000, message: 'bid moves live' }).not.toBe(first);
});

test('the price scale switches between normal, log and percent, and persists', async ({ page }) => {
  const slot: Slot = { symbol: 'AAPL', interval: '5m' };
  await presetCharts(page, [slot]);
  await page.goto('/');
  await waitForHistory(page, slot);
  const chart = chartOf(page, slot);
  const scale = chart.getByTestId('scale-mode');
  await expect(chart).toHaveAttribute('data-scale-mode', 'normal');
  for (const mode of ['log', 'percent', 'normal', 'log']) {
    await scale.locator(`[data-value="${mode}"]`).click();
    await expect(scale.locator(`[data-value="${mode}"]`)).toHaveAttribute('aria-pressed', 'true');
    await expect(chart, 'the chart axis itself').toHaveAttribute('data-scale-mode', mode);
  }
  await page.reload();
  await waitForHistory(page, slot);
  await expect(chart).toHaveAttribute('data-scale-mode', 'log');
});

test("compare adds up to 3 symbols as percent lines at the chart's own bars, refuses bad input, removes them", async ({ page }) => {
  const slot: Slot = { symbol: 'AAPL', interval: '1m' };
  await presetCharts(page, [slot]);
  await page.goto('/');
  await waitForHistory(page, slot);
  const chart = chartOf(page, slot);
  const add = async (text: string): Promise<void> => {
    if ((await page.getByTestId('compare-input').count()) === 0) await chart.getByTestId('compare-menu').click();
    await page.getByTestId('compare-input').fill(text);
    await page.getByTestId('compare-input').press('Enter');
  };
  await add('ZZZZ');
  await expect(page.getByTestId('compare-error')).toHaveText('No instrument ZZZZ');
  await add('AAPL');
  await expect(page.getByTestId('compare-error')).toHaveText("AAPL is this chart's symbol");
  await add('msft');
  await expect(page.getByTestId('compare-input')).toHaveCount(0);

  const line = (symbol: string) => chart.locator(`[data-testid="compare-line"][data-symbol="${symbol}"]`);
  await expect(line('MSFT')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect.poll(async () => Number(await line('MSFT').getAttribute('data-points'))).toBeGreaterThan(50);
  await expect(chart).toHaveAttribute('data-scale-mode', 'percent');
  await expect(chart.getByTestId('scale-mode').locator('[data-value="log"]')).toBeDisabled();

  // A 24/7 pair on a stock chart: points only at the stock's bars (no extra bars on its time axis).
  await add('BTC-USDT');
  await add('NVDA');
  await expect(chart.getByTestId('compare-line')).toHaveCount(3);
  await expect(line('BTC-USDT')).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  const held = (await readCandles(page, slot)).length;
  await expect.poll(async () => Number(await line('BTC-USDT').getAttribute('data-points'))).toBeGreaterThan(0);
  expect(Number(await line('BTC-USDT').getAttribute('data-points'))).toBeLessThanOrEqual(held + 1);
  await expect(chart.getByTestId('compare-menu')).toBeDisabled();

  await line('MSFT').getByTestId('compare-remove').click();
  await expect(chart.getByTestId('compare-line')).toHaveCount(2);
  await page.reload();
  await waitForHistory(page, slot);
  await expect(chart.getByTestId('compare-line')).toHaveCount(2);
  for (const s of ['BTC-USDT', 'NVDA']) await line(s).getByTestId('compare-remove').click();
  await expect(chart.getByTestId('compare-line')).toHaveCount(0);
  await expect(chart.getByTestId('scale-mode').locator('[data-value="log"]')).toBeEnabled();
});
