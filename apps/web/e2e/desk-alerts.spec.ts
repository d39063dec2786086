/**
 * Price alerts set by the trader, end to end on the simulated market: from a watchlist row and
 * from the chart, firing from live quotes (levels chosen relative to the live price, so they
 * fire deterministically), shown on every chart of the symbol, dragged, edited, persisted.
 */
import type { Page } from '@playwright/test';
import { expect, openDashboard, row, test } from './fixtures';

interface Line {
  id: string;
  price: number;
  y: number | null;
  chart: number;
}

const lines = (page: Page, symbol: string): Promise<Line[]> => page.evaluate((s) => window.__candlewire?.alertLines?.(s) ?? [], symbol);

/** The live price of `symbol` as its watchlist row shows it. */
async function livePrice(page: Page, symbol: string): Promise<number> {
  const price = row(page, symbol).locator('[data-field="price"]');
  await expect(price).toHaveText(/^\d+(\.\d+)?$/, { timeout: 15_000 });
  return Number(await price.textContent());
}

/** Records every browser notification the page creates (and still shows it). */
async function recordNotifications(page: Page): Promise<void> {
  await page.context().grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const Real = window.Notification;
    const seen: string[] = [];
    Object.defineProperty(window, '__notified', { value: seen });
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        seen.push(title);
        super(title, options);
      }
    }
    window.Notification = Recording;
  });
}

const notified = (page: Page): Promise<string[]> => page.evaluate(() => (Reflect.get(window, '__notified') as string[] | undefined) ?? []);

test('an alert set from a watchlist row fires from live quotes: toast, browser notification, list; it stays after a reload', async ({
  page,
}) => {
  await recordNotifications(page);
  await openDashboard(page);
  await expect(page.getByTestId('alert-list-empty')).toContainText('while Candlewire is open');
  const price = await livePrice(page, 'AAPL');

  await row(page, 'AAPL').hover();
  await row(page, 'AAPL').getByTestId('watchlist-alert').click();
  const dialog = page.getByTestId('alert-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('AAPL');
  await expect(dialog).toContainText('while Candlewire is open');
  await expect(dialog.getByTestId('notify-state')).toHaveAttribute('data-state', 'granted');
  // Half the live price: "at or above" it holds on the very next quote.
  const level = (price / 2).toFixed(2);
  await dialog.getByTestId('alert-condition').selectOption('above');
  await dialog.getByTestId('alert-price').fill(level);
  await dialog.getByTestId('alert-note').fill('test level');
  await expect(dialog).toContainText('fires on the next quote');
  await dialog.getByTestId('alert-save').click();
  await expect(dialog).toBeHidden();

  const toast = page.getByTestId('price-alert-toast');
  await expect(toast).toBeVisible({ timeout: 15_000 });
  await expect(toast).toContainText(`AAPL at or above ${level}`);
  await expect(toast).toContainText('test level');
  const item = page.getByTestId('alert-list').getByTestId('price-alert');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-state', 'fired');
  await expect(item).toContainText(/fired \d\d:\d\d:\d\d at \d+\.\d{2}/);
  await expect.poll(() => notified(page)).toEqual([`AAPL at or above ${level}`]);

  // Fired alerts do not fire again, also after a reload; re-armed, it fires once more.
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(item).toHaveAttribute('data-state', 'fired');
  await livePrice(page, 'AAPL');
  await expect(toast).toHaveCount(0);
  await item.getByTestId('alert-rearm').click();
  await expect(toast).toBeVisible({ timeout: 15_000 });
  await expect(item).toHaveAttribute('data-state', 'fired');

  // Dismiss and delete.
  await toast.getByRole('button', { name: /Dismiss/ }).click();
  await expect(toast).toHaveCount(0);
  await item.getByTestId('alert-remove').click();
  await expect(page.getByTestId('alert-list-empty')).toBeVisible();
});

test('a "below" alert far from the price waits; edited to a level the price is under, it fires', async ({ page }) => {
  await openDashboard(page);
  const price = await livePrice(page, 'MSFT');
  await row(page, 'MSFT').hover();
  await row(page, 'MSFT').getByTestId('watchlist-alert').click();
  const dialog = page.getByTestId('alert-dialog');
  await dialog.getByTestId('alert-condition').selectOption('below');
  await dialog.getByTestId('alert-price').fill((price / 2).toFixed(2));
  await dialog.getByTestId('alert-save').click();
  const item = page.getByTestId('alert-list').getByTestId('price-alert');
  await expect(item).toHaveAttribute('data-state', 'armed');
  // Quotes keep coming (the row's price changes) and it stays armed.
  await expect(row(page, 'MSFT').locator('[data-field="price"]')).not.toHaveText(String(price), { timeout: 15_000 });
  await expect(item).toHaveAttribute('data-state', 'armed');

  await item.getByTestId('alert-edit').click();
  await expect(dialog.getByTestId('alert-price')).toHaveValue((price / 2).toFixed(2));
  await dialog.getByTestId('alert-price').fill((price * 2).toFixed(2));
  await dialog.getByTestId('alert-save').click();
  await expect(item).toHaveAttribute('data-state', 'fired', { timeout: 15_000 });
  await expect(page.getByTestId('price-alert-toast')).toContainText(`MSFT at or below ${(price * 2).toFixed(2)}`);
});

test('a price line placed on the chart shows on every chart of the symbol and moves when dragged', async ({ page }) => {
  const charts = [
    { symbol: 'AAPL', interval: '1m' },
    { symbol: 'AAPL', interval: '5m' },
    { symbol: 'NVDA', interval: '1m' },
    { symbol: 'TSLA', interval: '1m' },
  ];
  await page.addInitScript(
    (v) => localStorage.setItem('candlewire.layout', v),
    JSON.stringify({ state: { count: 2, charts, focused: 0 }, version: 1 }),
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  await openDashboard(page);
  const first = page.getByTestId('chart').first();
  await expect(first).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await expect(page.getByTestId('chart').nth(1)).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  await livePrice(page, 'AAPL');

  // Place: the bell, then a click on the price pane a fifth from its top (above the price).
  await first.getByTestId('chart-alert-place').click();
  await expect(first.getByTestId('chart-alert-place')).toHaveAttribute('aria-pressed', 'true');
  const plot = first.locator('.cw-plot');
  const box = await plot.boundingBox();
  if (box === null) throw new Error('no plot');
  const x = box.x + box.width * 0.4;
  await page.mouse.click(x, box.y + box.height * 0.2);
  const dialog = page.getByTestId('alert-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('alert-condition')).toHaveValue('above');
  await dialog.getByTestId('alert-save').click();

  await expect.poll(async () => (await lines(page, 'AAPL')).length).toBe(2);
  const [one, two] = await lines(page, 'AAPL');
  expect(one?.id).toBe(two?.id);
  expect(one?.price).toBe(two?.price);
  const placed = one?.price ?? 0;
  await expect(page.getByTestId('alert-list').getByTestId('price-alert')).toContainText(placed.toFixed(2));

  // Drag it 60 px up: a higher level (still above the price), on both charts and in the list, still armed.
  const y = (await lines(page, 'AAPL')).find((l) => l.chart === 0)?.y ?? null;
  if (y === null) throw new Error('line off screen');
  await page.mouse.move(x, box.y + y);
  await page.mouse.down();
  await page.mouse.move(x, box.y + y - 30, { steps: 4 });
  await page.mouse.move(x, box.y + y - 60, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await lines(page, 'AAPL')).map((l) => l.price > placed)).toEqual([true, true]);
  const moved = (await lines(page, 'AAPL'))[0]?.price ?? 0;
  expect((await lines(page, 'AAPL'))[1]?.price).toBe(moved);
  const item = page.getByTestId('alert-list').getByTestId('price-alert');
  await expect(item).toContainText(moved.toFixed(2));
  await expect(item).toHaveAttribute('data-state', 'armed');

  // Persisted: after a reload both charts draw it again.
  await page.reload();
  await expect.poll(async () => (await lines(page, 'AAPL')).map((l) => l.price), { timeout: 15_000 }).toEqual([moved, moved]);
  // Deleted: gone from every chart.
  await item.getByTestId('alert-remove').click();
  await expect.poll(async () => (await lines(page, 'AAPL')).length).toBe(0);
});

test('keyboard: A opens an alert on the focused symbol, Enter saves it, the list is reachable by Tab; ? lists the shortcuts; I opens the indicators', async ({
  page,
}) => {
  await openDashboard(page);
  const price = await livePrice(page, 'AAPL');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('a');
  const dialog = page.getByTestId('alert-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('alert-price')).toBeFocused();
  await page.keyboard.type((price * 3).toFixed(2)); // the price is selected: typing replaces it
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const item = page.getByTestId('alert-list').getByTestId('price-alert');
  await expect(item).toHaveAttribute('data-state', 'armed');
  // Tab reaches the list's buttons; Enter on edit opens the dialog, Esc closes it.
  await page.getByTestId('alert-new').focus();
  await page.keyboard.press('Tab');
  await expect(item.locator('.pa-item-main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(item.getByTestId('alert-edit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts');
  await expect(help).toBeVisible();
  for (const text of ['Search symbols', 'Interval of the focused chart', 'New price alert', 'Indicators menu', 'Show or hide this list'])
    await expect(help).toContainText(text);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // I opens the focused chart's indicator menu, focus on its first item; Esc closes it.
  await page.keyboard.press('i');
  const menu = page.getByTestId('chart').getByTestId('indicator-menu');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('[role="menuitemcheckbox"]').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
});
