/** Time and sales of the focused symbol, from the live `trades:` channel (simulated market). */
import { expect, openDashboard, row, test } from './fixtures';

test('time and sales lists the focused symbol trade by trade: price at tick, size, side, exchange time; it follows the focus', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openDashboard(page);
  const panel = page.getByTestId('time-and-sales');
  await expect(panel).toBeInViewport();
  await expect(panel).toHaveAttribute('data-symbol', 'AAPL');
  const rows = panel.getByTestId('tape-row');
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(5);

  const read = () =>
    rows.evaluateAll((els) =>
      els.slice(0, 20).map((e) => ({
        id: Number(e.getAttribute('data-id')),
        side: e.getAttribute('data-side'),
        price: e.querySelector('.ts-price')?.textContent ?? '',
        size: e.querySelector('.ts-size')?.textContent ?? '',
        sideText: e.querySelector('.ts-side')?.textContent ?? '',
        time: e.querySelector('time')?.textContent ?? '',
        iso: e.querySelector('time')?.getAttribute('datetime') ?? '',
      })),
    );
  const zoned = (iso: string, timeZone: string): string =>
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(
      Date.parse(iso),
    );

  const aapl = await read();
  for (const r of aapl) {
    expect(r.price).toMatch(/^\d+\.\d{2}$/);
    expect(r.size).toMatch(/^\d/);
    expect(['buy', 'sell']).toContain(r.side);
    expect(r.sideText).toBe(r.side === 'buy' ? '▲ B' : '▼ S'); // not colour alone
    expect(r.time).toBe(zoned(r.iso, 'America/New_York'));
  }
  // Newest first.
  expect(aapl.map((r) => r.id)).toEqual([...aapl.map((r) => r.id)].sort((a, b) => b - a));

  // A watchlist click focuses another symbol: the tape follows, in Hong Kong time, at its tick (0.5 → one decimal).
  await row(page, '0700.HK').locator('.wl-main').click();
  await expect(panel).toHaveAttribute('data-symbol', '0700.HK');
  await expect.poll(async () => (await read()).length, { timeout: 15_000 }).toBeGreaterThan(2);
  for (const r of await read()) {
    expect(r.price).toMatch(/^\d+\.\d$/);
    expect(r.time).toBe(zoned(r.iso, 'Asia/Hong_Kong'));
  }
});

test('the tape stays bounded and colours buy and sell apart', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // BTC-USDT prints the most in the simulation.
  const charts = [
    { symbol: 'BTC-USDT', interval: '1m' },
    { symbol: 'AAPL', interval: '1m' },
    { symbol: 'NVDA', interval: '1m' },
    { symbol: 'TSLA', interval: '1m' },
  ];
  await page.addInitScript(
    (v) => localStorage.setItem('candlewire.layout', v),
    JSON.stringify({ state: { count: 1, charts, focused: 0 }, version: 1 }),
  );
  await openDashboard(page);
  const rows = page.getByTestId('time-and-sales').getByTestId('tape-row');
  await expect(page.locator('[data-testid="tape-row"][data-side="buy"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-testid="tape-row"][data-side="sell"]').first()).toBeVisible({ timeout: 20_000 });
  const buy = await page
    .locator('[data-testid="tape-row"][data-side="buy"] .ts-price')
    .first()
    .evaluate((e) => getComputedStyle(e).color);
  const sell = await page
    .locator('[data-testid="tape-row"][data-side="sell"] .ts-price')
    .first()
    .evaluate((e) => getComputedStyle(e).color);
  expect(buy).not.toBe(sell);
  // It fills up to the bound and stays there while trades keep coming.
  const list = page.getByTestId('time-and-sales').locator('.ts-list');
  const scroller = page.getByTestId('time-and-sales').locator('.ts-scroll');
  await expect(list).toHaveAttribute('data-count', '150', { timeout: 40_000 });
  const newest = await rows.first().getAttribute('data-id');
  await expect(rows.first()).not.toHaveAttribute('data-id', newest ?? '');
  await expect(list).toHaveAttribute('data-count', '150');
  // Only the rows on screen (and a margin) are in the DOM; scrolled to the end, the oldest is there.
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(150);
  const heights = await scroller.evaluate((el) => ({
    scroll: el.scrollHeight,
    row: el.querySelector('li')?.getBoundingClientRect().height ?? 0,
  }));
  expect(heights.scroll).toBeGreaterThanOrEqual(Math.floor(heights.row * 150));
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(rows.last()).toBeInViewport();
  const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect(await rows.count()).toBeLessThan(150);

  // Scrolled into the tape, new trades arrive on top without moving the rows being read.
  await scroller.evaluate((el) => el.scrollTo({ top: 40 * (el.querySelector('li')?.getBoundingClientRect().height ?? 19) }));
  const firstInView = () =>
    scroller.evaluate((el) => {
      const top = el.getBoundingClientRect().top;
      const li = [...el.querySelectorAll('li')].find((r) => r.getBoundingClientRect().bottom > top + 1);
      return li === undefined ? null : { id: li.getAttribute('data-id'), y: Math.round(li.getBoundingClientRect().top - top) };
    });
  const reading = await firstInView();
  const newestThen = await list.getAttribute('data-newest');
  await expect(list).not.toHaveAttribute('data-newest', newestThen ?? '');
  expect(await firstInView()).toEqual(reading);
});
