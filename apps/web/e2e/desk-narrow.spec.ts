/** The narrow layout at 390 × 844 with touch: one panel at a time, nothing wider than the screen, touch pan and pinch zoom. */
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const FOUR = [
  { symbol: 'AAPL', interval: '1m' },
  { symbol: 'BTC-USDT', interval: '1m' },
  { symbol: '0700.HK', interval: '5m' },
  { symbol: '600519.SH', interval: '15m' },
];

async function open(page: Page): Promise<void> {
  await page.addInitScript(
    (v) => localStorage.setItem('candlewire.layout', v),
    JSON.stringify({ state: { count: 4, charts: FOUR, focused: 0 }, version: 1 }),
  );
  await page.goto('/');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
}

/** No horizontal scroll: the page is exactly as wide as the screen. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(widths).toEqual({ doc: 390, body: 390, inner: 390 });
}

const range = (page: Page, symbol: string) => page.evaluate((s) => window.__candlewire?.chartRange?.(s) ?? null, symbol);

type Point = { x: number; y: number };
async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })) });
}

test('every panel is reachable from the tab bar, one at a time, and nothing is wider than the screen', async ({ page }) => {
  await open(page);
  await expectNoHorizontalScroll(page);
  // Chart tab: only the focused chart of the 4-chart layout shows.
  await expect(page.getByTestId('tab-chart')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-testid="chart"]:visible')).toHaveCount(1);
  await expect(page.locator('[data-testid="chart"]:visible')).toHaveAttribute('data-symbol', 'AAPL');
  await expect(page.locator('[data-testid="chart"]:visible')).toBeInViewport({ ratio: 1 });
  // The chart's indicator menu fits the screen too.
  await page.locator('[data-testid="chart"]:visible').getByTestId('indicator-menu').tap();
  await expect(page.locator('.cw-menu')).toBeInViewport({ ratio: 1 });
  await page.locator('[data-testid="chart"]:visible').getByTestId('indicator-menu').tap();
  await expect(page.locator('.cw-menu')).toHaveCount(0);

  const panels = { watchlist: 'watchlist', movers: 'movers', alerts: 'price-alerts', tape: 'time-and-sales' } as const;
  for (const [tab, testId] of Object.entries(panels)) {
    await page.getByTestId(`tab-${tab}`).tap();
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId(testId)).toBeVisible();
    await expect(page.getByTestId(testId)).toBeInViewport();
    await expect(page.locator('[data-testid="chart"]:visible')).toHaveCount(0);
    await expectNoHorizontalScroll(page);
  }
  await page.getByTestId('tab-alerts').tap();
  await expect(page.getByTestId('alerts')).toBeInViewport();
  await expect(page.getByTestId('watchlist')).toBeHidden();

  // A watchlist tap shows the symbol on the chart tab.
  await page.getByTestId('tab-watchlist').tap();
  await page.locator('[data-testid="watchlist-row"][data-symbol="NVDA"] .wl-main').tap();
  await expect(page.getByTestId('tab-chart')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-testid="chart"]:visible')).toHaveAttribute('data-symbol', 'NVDA');
  // The search's suggestions fit the screen too.
  await page.getByTestId('symbol-search').tap();
  await page.keyboard.type('bank');
  await expect(page.getByTestId('search-option').first()).toBeVisible();
  await expect(page.getByTestId('search-option').first()).toBeInViewport({ ratio: 1 });
  await expectNoHorizontalScroll(page);
});

test('the chart pans with one finger and zooms with two', async ({ page }) => {
  await open(page);
  const chart = page.locator('[data-testid="chart"]:visible');
  await expect(chart).toHaveAttribute('data-state', 'ready', { timeout: 15_000 });
  const box = await chart.locator('.cw-plot').boundingBox();
  if (box === null) throw new Error('no plot');
  const cdp = await page.context().newCDPSession(page);
  const mid = { x: box.x + box.width / 2, y: box.y + box.height * 0.35 };

  await expect.poll(() => range(page, 'AAPL')).not.toBeNull();
  const before = await range(page, 'AAPL');
  // Pan: drag right by 150 px in steps, the view moves to older bars.
  await touch(cdp, 'touchStart', [mid]);
  for (let dx = 25; dx <= 150; dx += 25) await touch(cdp, 'touchMove', [{ x: mid.x + dx - 75, y: mid.y }]);
  await touch(cdp, 'touchEnd', []);
  await expect.poll(async () => ((await range(page, 'AAPL'))?.to ?? Infinity) < (before?.to ?? 0) - 5).toBe(true);
  const panned = await range(page, 'AAPL');
  const span = (r: { from: number; to: number } | null): number => (r === null ? NaN : r.to - r.from);

  // Pinch out: two fingers move apart, fewer bars are visible (zoomed in).
  const a = { x: mid.x - 30, y: mid.y };
  const b = { x: mid.x + 30, y: mid.y };
  await touch(cdp, 'touchStart', [a, b]);
  for (let d = 10; d <= 100; d += 10)
    await touch(cdp, 'touchMove', [
      { x: a.x - d, y: a.y },
      { x: b.x + d, y: b.y },
    ]);
  await touch(cdp, 'touchEnd', []);
  await expect.poll(async () => span(await range(page, 'AAPL'))).toBeLessThan(span(panned) * 0.8);
  await expectNoHorizontalScroll(page);
});
