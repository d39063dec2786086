/**
 * Honesty and polish: the default simulation says it is simulated, outages and symbols the data
 * source lacks read in words a trader understands, a symbol added to a long watchlist is shown,
 * and the watchlist gets the sidebar's room when the alert panels have little to show.
 */
import { INSTRUMENTS } from '@candlewire/market';
import { expect, openDashboard, row, test } from './fixtures';

test('every market of the default simulation is labelled simulated, in words and on hover, in the status bar and on the chart', async ({
  page,
}) => {
  await openDashboard(page);
  const markets = page.locator('[data-testid="markets"] [data-testid="market"]');
  await expect(markets).toHaveCount(4);
  for (const m of await markets.all()) {
    await expect(m).toHaveAttribute('data-simulated', 'true');
    await expect(m.getByTestId('market-simulated')).toHaveText(/simulated/i);
    await expect(m).toHaveAttribute('title', /Simulated: prices and sessions come from the server's simulation/);
  }
  // …and next to each chart's exchange zone.
  await expect(page.getByTestId('chart').locator('.cw-zone')).toContainText(/New York · .* · simulated/);
  const api = (await (await page.request.get('/api/status')).json()) as { markets: { simulated: boolean; nextStatus: unknown }[] };
  expect(api.markets.every((m) => m.simulated && m.nextStatus === null)).toBe(true);
});

test('an outage reads "Server unreachable", not the browser error', async ({ page }) => {
  await page.route('**/api/status', (route) => route.abort('connectionrefused'));
  // NOTE: the aborted request is logged by Chromium as a console error; that is this test's point.
  page.removeAllListeners('console');
  await page.goto('/');
  await expect(page.getByTestId('server-status')).toHaveText('Server unreachable · retrying every 10 s', { timeout: 15_000 });
  await expect(page.getByTestId('server-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('server-status')).not.toContainText('Failed to fetch');
});

test('a symbol the data source lacks says so in words, not a red UNKNOWN', async ({ page }) => {
  const lists = { state: { lists: [{ id: 'main', name: 'Main', symbols: ['AAPL', 'ZZZZ'] }], activeId: 'main' }, version: 1 };
  await page.addInitScript((v) => localStorage.setItem('candlewire.watchlists', v), JSON.stringify(lists));
  await openDashboard(page);
  const badge = row(page, 'ZZZZ').getByTestId('quote-error');
  await expect(badge).toHaveText('NO DATA');
  await expect(badge).toHaveAttribute('data-code', 'UNKNOWN_SYMBOL');
  await expect(badge).toHaveAttribute('title', /ZZZZ is not available from this server's data source/);
  await expect(row(page, 'ZZZZ')).not.toContainText('UNKNOWN');
  // Charted, it says why too. NOTE: Chromium logs the REST 404 of its history as a console error: expected here.
  page.removeAllListeners('console');
  await row(page, 'ZZZZ').locator('.wl-main').click();
  await expect(page.getByTestId('chart-error')).toContainText("This server's data source does not have it");
});

test('a symbol added to a long watchlist is scrolled into sight; the watchlist gets the room the alert panels do not need', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const symbols = INSTRUMENTS.map((i) => i.symbol)
    .filter((s) => s !== 'SOL-USDT')
    .slice(0, 30);
  const lists = { state: { lists: [{ id: 'main', name: 'Main', symbols }], activeId: 'main' }, version: 1 };
  await page.addInitScript((v) => localStorage.setItem('candlewire.watchlists', v), JSON.stringify(lists));
  await openDashboard(page);

  // Room: with no price alerts and few market alerts, at least 10 rows are in sight at 900 px high.
  await expect(row(page, symbols[0] ?? '')).toBeInViewport();
  const inSight = await page.locator('[data-testid="watchlist-row"]').evaluateAll((els) => {
    const list = document.querySelector('[data-testid="watchlist"]')?.getBoundingClientRect();
    return els.filter((e) => list !== undefined && e.getBoundingClientRect().bottom <= list.bottom + 1).length;
  });
  expect(inSight).toBeGreaterThanOrEqual(10);

  await page.keyboard.press('/');
  await page.getByTestId('symbol-search').fill('sol');
  await expect(page.locator('[data-testid="search-option"][data-symbol="SOL-USDT"]')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(row(page, 'SOL-USDT')).toBeInViewport({ ratio: 0.95 });
});
