import { expect, openDashboard, row, rowSymbols, test } from './fixtures';

test.describe('watchlist and search', () => {
  test('a symbol added via search and one removed stay so after a reload', async ({ page }) => {
    await openDashboard(page);
    await expect(row(page, 'SOL-USDT')).toHaveCount(0);

    await page.keyboard.press('/');
    const search = page.getByTestId('symbol-search');
    await expect(search).toBeFocused();
    await search.fill('sol');
    await expect(page.locator('[data-testid="search-option"][data-symbol="SOL-USDT"]')).toContainText('Solana');
    await page.keyboard.press('Enter');

    await expect(row(page, 'SOL-USDT')).toBeVisible();
    await expect(row(page, 'SOL-USDT').locator('[data-field="name"]')).toHaveText('Solana');
    await expect(page.locator('[data-testid="chart"][data-symbol="SOL-USDT"]')).toHaveCount(1);

    await row(page, 'MSFT').hover();
    await row(page, 'MSFT').getByTestId('watchlist-remove').click();
    await expect(row(page, 'MSFT')).toHaveCount(0);

    await page.reload();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
    await expect(row(page, 'SOL-USDT')).toBeVisible();
    await expect(row(page, 'MSFT')).toHaveCount(0);
    await expect.poll(async () => (await rowSymbols(page)).at(-1)).toBe('SOL-USDT');
    await expect(page.locator('[data-testid="chart"][data-symbol="SOL-USDT"]')).toHaveCount(1);
  });

  test('an unknown symbol shows a clear inline error', async ({ page }) => {
    await openDashboard(page);
    const before = await rowSymbols(page);
    await page.keyboard.press('/');
    await page.keyboard.type('ZZZZ');
    await page.keyboard.press('Enter');
    const error = page.getByTestId('search-error');
    await expect(error).toHaveText('No instrument ZZZZ');
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(page.getByTestId('symbol-search')).toHaveAttribute('aria-invalid', 'true');
    expect(await rowSymbols(page)).toEqual(before);
    // Typing again clears it.
    await page.keyboard.press('Backspace');
    await expect(error).toHaveCount(0);
  });

  test('arrow keys pick a suggestion; Shift+Enter charts it without adding it', async ({ page }) => {
    await openDashboard(page);
    await page.keyboard.press('/');
    await page.keyboard.type('bank');
    const options = page.getByTestId('search-option');
    // NOTE: suggestions follow each keystroke; wait for the list of the whole query ("b" lists BTC-USDT).
    await expect
      .poll(async () => {
        const texts = await options.allTextContents();
        return texts.length > 1 && texts.every((t) => /bank/i.test(t));
      })
      .toBe(true);
    const second = await options.nth(1).getAttribute('data-symbol');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+Enter');
    await expect(page.locator(`[data-testid="chart"][data-symbol="${second}"]`)).toHaveCount(1);
    await expect(row(page, second ?? '')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('symbol-search')).not.toBeFocused();
  });

  test('rows reorder with the up/down buttons and by drag, and a click charts the symbol', async ({ page }) => {
    await openDashboard(page);
    const [a, b, c] = (await rowSymbols(page)) as [string, string, string];
    await row(page, b).hover();
    await page.getByRole('button', { name: `Move ${b} up` }).click();
    await expect.poll(async () => (await rowSymbols(page)).slice(0, 3)).toEqual([b, a, c]);

    await row(page, c).dragTo(row(page, b));
    await expect.poll(async () => (await rowSymbols(page)).slice(0, 3)).toEqual([c, b, a]);

    await row(page, 'ETH-USDT').locator('.wl-main').click();
    await expect(page.locator('[data-testid="chart"][data-symbol="ETH-USDT"]')).toHaveCount(1);
    await page.reload();
    await expect.poll(async () => (await rowSymbols(page)).slice(0, 3)).toEqual([c, b, a]);
  });

  test('named lists: create, add, switch, rename, delete', async ({ page }) => {
    await openDashboard(page);
    await page.getByRole('button', { name: 'New watchlist' }).click();
    await page.getByRole('textbox', { name: 'New list name' }).fill('Crypto');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('watchlist-empty')).toContainText('Press / to search');
    await page.keyboard.press('/');
    await page.keyboard.type('DOGE-USDT');
    await page.keyboard.press('Enter');
    await expect.poll(() => rowSymbols(page)).toEqual(['DOGE-USDT']);
    await expect(row(page, 'DOGE-USDT').locator('[data-field="price"]')).toHaveText(/^\d+\.\d{5}$/, { timeout: 10_000 });

    const select = page.getByTestId('watchlist-select');
    await select.selectOption({ label: 'Main (10)' });
    await expect(page.locator('[data-testid="watchlist-row"]')).toHaveCount(10);
    await select.selectOption({ label: 'Crypto (1)' });

    await page.getByRole('button', { name: 'Rename watchlist' }).click();
    await page.getByRole('textbox', { name: 'List name' }).fill('Coins');
    await page.keyboard.press('Enter');
    await page.reload();
    await expect(select).toHaveValue(/.+/);
    await expect(select.locator('option:checked')).toHaveText('Coins (1)');

    await page.getByRole('button', { name: 'Delete watchlist' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(select.locator('option:checked')).toHaveText('Main (10)');
    await expect(page.getByRole('button', { name: 'Delete watchlist' })).toBeDisabled();
  });
});

test.describe('keyboard, layout and theme', () => {
  test('`/` focuses the search; 1–6 set the focused chart interval, not while typing', async ({ page }) => {
    await openDashboard(page);
    const chart = page.getByTestId('chart');
    await page.keyboard.press('5');
    await expect(chart).toHaveAttribute('data-interval', '1h');
    await page.keyboard.press('1');
    await expect(chart).toHaveAttribute('data-interval', '1s');

    await page.keyboard.press('/');
    await expect(page.getByTestId('symbol-search')).toBeFocused();
    await expect(page.getByTestId('symbol-search')).toHaveValue('');
    await page.keyboard.type('6');
    await expect(chart).toHaveAttribute('data-interval', '1s');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('6');
    await expect(chart).toHaveAttribute('data-interval', '1d');
  });

  test('layout 1/2/4 and the focused chart persist; the theme toggles and persists', async ({ page }) => {
    await openDashboard(page);
    await page.getByTestId('layout-4').click();
    const charts = page.getByTestId('chart');
    await expect(charts).toHaveCount(4);
    await page
      .locator('.chart-cell')
      .nth(2)
      .click({ position: { x: 200, y: 150 } });
    await expect(page.locator('.chart-cell').nth(2)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('3');
    await expect(charts.nth(2)).toHaveAttribute('data-interval', '5m');
    await row(page, 'NVDA').locator('.wl-main').click();
    await expect(charts.nth(2)).toHaveAttribute('data-symbol', 'NVDA');

    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

    await page.reload();
    await expect(charts).toHaveCount(4);
    await expect(charts.nth(2)).toHaveAttribute('data-symbol', 'NVDA');
    await expect(page.locator('.chart-cell').nth(2)).toHaveAttribute('data-focused', 'true');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

    await page.getByTestId('layout-2').click();
    await expect(charts).toHaveCount(2);
    // No page scrollbars at this size: panels scroll inside.
    const overflow = await page.evaluate(() => [
      document.documentElement.scrollWidth > innerWidth,
      document.documentElement.scrollHeight > innerHeight,
    ]);
    expect(overflow).toEqual([false, false]);
  });
});
