import { expect, test } from '@playwright/test';

const NUMERIC = /^-?\d+(\.\d+)?$/;

test('dashboard connects and streams live quotes', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));

  await page.goto('/');
  await expect(page).toHaveTitle(/Candlewire/);

  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(status).toContainText(/connected/i);

  const rows = page.locator('[data-testid="watchlist"] [data-testid="watchlist-row"]');
  await expect(rows.first()).toBeVisible();

  /** Last price text per symbol, for the rows that show a numeric price. */
  const readPrices = async (): Promise<Map<string, string>> => {
    const entries = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-symbol') ?? '',
        tr.querySelector('[data-field="price"]')?.textContent?.trim() ?? '',
      ]),
    );
    return new Map(entries.filter(([sym, price]) => sym !== '' && NUMERIC.test(price ?? '')) as [string, string][]);
  };

  let first = new Map<string, string>();
  await expect
    .poll(async () => (first = await readPrices()).size, { timeout: 15_000, message: 'rows with a numeric price' })
    .toBeGreaterThanOrEqual(3);

  await expect
    .poll(
      async () => {
        const now = await readPrices();
        return [...now].some(([sym, price]) => first.has(sym) && first.get(sym) !== price);
      },
      { timeout: 10_000, intervals: [250], message: 'some price changes within 10 s' },
    )
    .toBe(true);

  expect(consoleErrors, 'console errors').toEqual([]);
});
