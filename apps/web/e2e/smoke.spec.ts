import { expect, openDashboard, test } from './fixtures';

const NUMERIC = /^-?\d+(\.\d+)?$/;

test('dashboard connects and streams live quotes', async ({ page }) => {
  await openDashboard(page);
  await expect(page).toHaveTitle(/Candlewire/);
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('role', 'status');
  await expect(status).toContainText(/connected/i);

  const rows = page.locator('[data-testid="watchlist"] [data-testid="watchlist-row"]');
  await expect(rows).toHaveCount(10);

  /** Last price text per symbol, for the rows that show a numeric price. */
  const readPrices = async (): Promise<Map<string, string>> => {
    const entries = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-symbol') ?? '', tr.querySelector('[data-field="price"]')?.textContent?.trim() ?? '']),
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

  // Tick precision: 0700.HK ticks by 0.5 (one decimal), BTC-USDT by 0.01 (two).
  await expect(page.locator('[data-symbol="0700.HK"] [data-field="price"]')).toHaveText(/^\d+\.\d$/);
  await expect(page.locator('[data-symbol="BTC-USDT"] [data-field="price"]')).toHaveText(/^\d+\.\d{2}$/);
  // Change is signed in text, not by colour alone.
  await expect(page.locator('[data-symbol="AAPL"] [data-field="changePct"]')).toHaveText(/^(▲ \+|▼ -)?\d+\.\d{2}%$/);

  // The connected indicator shows latency and message age in words.
  await expect(status).toContainText(/Connected · \d+ ms · last msg [\d.]+ s ago/, { timeout: 15_000 });
  await expect(page.locator('[data-testid="chart"]')).toHaveCount(1);
});
