/**
 * Shared Playwright fixtures of the web app's tests: every test fails on a console error or an
 * uncaught page error; `openDashboard` opens it and waits for the live connection.
 */
import { expect, test as base, type Page } from '@playwright/test';

interface Fixtures {
  /** Console errors and page errors seen so far; checked after each test. */
  consoleErrors: string[];
}

/** `test` with console-error collection on by default. */
export const test = base.extend<Fixtures>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens `/` and waits until the connection indicator says `connected`. */
export async function openDashboard(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
}

export { expect };

/** The row of `symbol` in the watchlist. */
export const row = (page: Page, symbol: string) =>
  page.locator(`[data-testid="watchlist"] [data-testid="watchlist-row"][data-symbol="${symbol}"]`);

/** Symbols of the watchlist rows, in order. */
export const rowSymbols = (page: Page) =>
  page
    .locator('[data-testid="watchlist"] [data-testid="watchlist-row"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));
