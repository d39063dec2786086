/**
 * The live candlestick chart, end to end in Chromium against the built BFF.
 * Hooks: [data-testid="chart"][data-symbol][data-interval], window.__candlewire.candles(symbol, interval).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}
type Slot = { symbol: string; interval: '1s' | '1m' | '5m' | '15m' | '1h' | '1d' };

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const OWN_PORT = Number(process.env.E2E_PORT ?? 4179) + 1;
const OWN_URL = `http://127.0.0.1:${OWN_PORT}`;
const SEED = 'chart-e2e';

/** Chart layout for the shell (its persisted zustand store), set before the app boots. */
async function useLayout(page: Page, charts: Slot[]): Promise<void> {
  const all = [
    ...charts,
    ...[
      { symbol: 'AAPL', interval: '1m' },
      { symbol: 'MSFT', interval: '1m' },
      { symbol: 'NVDA', interval: '1m' },
    ],
  ].slice(0, 4);
  const value = JSON.stringify({ state: { count: charts.length, charts: all, focused: 0 }, version: 1 });
  await page.addInitScript((v) => localStorage.setItem('candlewire.layout', v), value);
}

/** Console errors and uncaught exceptions of the page. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

function readCandles(page: Page, { symbol, interval }: Slot): Promise<Bar[]> {
  return page.evaluate(([s, i]) => window.__candlewire?.candles(s, i) ?? [], [symbol, interval] as const);
}

const chart = (page: Page, { symbol, interval }: Slot) =>
  page.locator(`[data-testid="chart"][data-symbol="${symbol}"][data-interval="${interval}"]`);

async function waitForHistory(page: Page, slot: Slot, min = 100): Promise<void> {
  await expect(chart(page, slot)).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(async () => (await readCandles(page, slot)).length, { timeout: 15_000, message: `${slot.symbol} ${slot.interval} history` })
    .toBeGreaterThan(min);
}

test('a chart paints history, then its last candle changes live', async ({ page }) => {
  const errors = collectErrors(page);
  const slot: Slot = { symbol: 'AAPL', interval: '1m' };
  await useLayout(page, [slot]);
  await page.goto('/');
  await waitForHistory(page, slot);
  const first = await readCandles(page, slot);
  const times = first.map((c) => c.time);
  expect(new Set(times).size, 'no duplicate bucket').toBe(times.length);
  expect(times, 'oldest first').toEqual([...times].sort((a, b) => a - b));
  const last = JSON.stringify(first.at(-1));
  await expect
    .poll(async () => JSON.stringify((await readCandles(page, slot)).at(-1)), { timeout: 5_000, intervals: [100] })
    .not.toBe(last);
  await expect(page.getByTestId('chart-legend')).toContainText(/O\s*\d/);
  expect(errors).toEqual([]);
});

test('switching the interval reloads history at the new spacing', async ({ page }) => {
  const errors = collectErrors(page);
  await useLayout(page, [{ symbol: 'AAPL', interval: '1m' }]);
  await page.goto('/');
  await waitForHistory(page, { symbol: 'AAPL', interval: '1m' });
  for (const [interval, seconds] of [
    ['5m', 300],
    ['1s', 1],
    ['1h', 3600],
  ] as const) {
    await page.locator(`[data-testid="chart"] [data-testid="chart-interval"][data-value="${interval}"]`).click();
    const slot: Slot = { symbol: 'AAPL', interval };
    await expect(page.getByTestId('chart')).toHaveAttribute('data-interval', interval);
    await waitForHistory(page, slot);
    const candles = await readCandles(page, slot);
    const gaps = candles.slice(1).map((c, i) => c.time - (candles[i]?.time ?? 0));
    expect(
      candles.every((c) => c.time % seconds === 0),
      `${interval} buckets align`,
    ).toBe(true);
    expect(Math.min(...gaps), `${interval} spacing`).toBe(seconds);
    expect(gaps.filter((g) => g === seconds).length / gaps.length, `${interval} mostly contiguous`).toBeGreaterThan(0.9);
  }
  expect(await readCandles(page, { symbol: 'AAPL', interval: '1m' }), 'the old interval is unregistered').toEqual([]);
  expect(errors).toEqual([]);
});

test('scrolling left loads older history, prepended without gaps', async ({ page }) => {
  const errors = collectErrors(page);
  const slot: Slot = { symbol: 'BTC-USDT', interval: '1m' };
  await useLayout(page, [slot]);
  await page.goto('/');
  await waitForHistory(page, slot);
  const before = await readCandles(page, slot);
  const box = await chart(page, slot).locator('.cw-plot').boundingBox();
  if (box === null) throw new Error('no plot');
  await expect
    .poll(
      async () => {
        // Drag the plot to the right = scroll back in time.
        await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.4);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.4, { steps: 8 });
        await page.mouse.up();
        return (await readCandles(page, slot)).length;
      },
      { timeout: 20_000, message: 'older pages loaded' },
    )
    .toBeGreaterThanOrEqual(before.length + 500);
  const after = await readCandles(page, slot);
  const gaps = after.slice(1).map((c, i) => c.time - (after[i]?.time ?? 0));
  expect(Math.min(...gaps)).toBe(60);
  expect(Math.max(...gaps), 'crypto trades at all hours: no hole at the page seam').toBe(60);
  expect(errors).toEqual([]);
});

test('a hidden page stops painting; back to visible, the chart catches up at once', async ({ page }) => {
  const errors = collectErrors(page);
  const slot: Slot = { symbol: 'BTC-USDT', interval: '1s' };
  await useLayout(page, [slot]);
  await page.goto('/');
  await waitForHistory(page, slot);
  const legendClose = chart(page, slot).getByTestId('chart-legend').locator('.cw-legend-field', { hasText: /^C/ });
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  const frozen = await legendClose.textContent();
  const heldBefore = await readCandles(page, slot);
  await page.waitForTimeout(3_000);
  const heldAfter = await readCandles(page, slot);
  expect(heldAfter.at(-1)?.time, 'the store keeps following the channel').toBeGreaterThan(heldBefore.at(-1)?.time ?? Infinity);
  expect(await legendClose.textContent(), 'nothing painted while hidden').toBe(frozen);
  await setHidden(false);
  await expect
    .poll(async () => {
      const last = (await readCandles(page, slot)).at(-1);
      const text = (await legendClose.textContent()) ?? '';
      return last !== undefined && text === `C${last.close.toFixed(2)}`;
    })
    .toBe(true);
  expect(errors).toEqual([]);
});

test('an unknown symbol shows a clear error in the chart panel', async ({ page }) => {
  await useLayout(page, [{ symbol: 'ZZZZ', interval: '1m' }]);
  await page.goto('/');
  await expect(chart(page, { symbol: 'ZZZZ', interval: '1m' }).getByTestId('chart-error')).toContainText('No instrument ZZZZ');
});

test('four charts run without console errors', async ({ page }) => {
  const errors = collectErrors(page);
  const slots: Slot[] = [
    { symbol: 'AAPL', interval: '1s' },
    { symbol: 'BTC-USDT', interval: '1m' },
    { symbol: '0700.HK', interval: '5m' },
    { symbol: '600519.SH', interval: '1d' },
  ];
  await useLayout(page, slots);
  await page.goto('/');
  for (const slot of slots) await waitForHistory(page, slot, 50);
  const plot = chart(page, slots[1] ?? slots[0]!).locator('.cw-plot');
  await plot.hover({ position: { x: 200, y: 120 } });
  await expect(chart(page, slots[1]!).getByTestId('chart-legend')).toContainText(/[+−]?\d+\.\d{2} \([+−]?\d+\.\d{2}%\)/);
  await page.waitForTimeout(3_000);
  expect(errors).toEqual([]);
});

/** Our own BFF (port 4180) that the test can kill and restart. */
function startBff(): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', 'apps/bff/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(OWN_PORT), HOST: '127.0.0.1', SIM_SEED: SEED, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

async function waitReady(child: ChildProcess): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${OWN_URL}/readyz`).catch(() => null))?.status ?? 0, { timeout: 20_000, intervals: [100] })
    .toBe(200);
  expect(child.exitCode, 'our BFF is the one answering').toBeNull();
}

function stop(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill(signal);
  });
}

test.describe('server restart', () => {
  let bff: ChildProcess | null = null;
  test.afterEach(async () => {
    await stop(bff);
    bff = null;
  });

  test('stale feed, kill and restart: the chart reconnects and matches /api/candles', async ({ page }) => {
    test.setTimeout(180_000);
    expect(await fetch(`${OWN_URL}/healthz`).catch(() => null), `port ${OWN_PORT} must be free`).toBeNull();
    bff = startBff();
    await waitReady(bff);
    const slots: Slot[] = [
      { symbol: 'AAPL', interval: '1m' },
      { symbol: 'BTC-USDT', interval: '1s' },
    ];
    await useLayout(page, slots);
    await page.goto(`${OWN_URL}/`);
    const status = page.getByTestId('connection-status');
    await expect(status).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
    for (const slot of slots) await waitForHistory(page, slot);

    // A frozen server: the socket stays open, nothing arrives ⇒ "Feed stale" after 10 s.
    bff.kill('SIGSTOP');
    await expect(chart(page, slots[0]!).getByTestId('chart-status')).toContainText(/Feed stale · last update \d+ s ago/, {
      timeout: 15_000,
    });
    bff.kill('SIGCONT');
    await expect(chart(page, slots[0]!).getByTestId('chart-status')).toHaveCount(0, { timeout: 10_000 });

    const killedAt = Date.now() / 1000;
    await stop(bff);
    await expect(status).not.toHaveAttribute('data-state', 'connected', { timeout: 3_000 });
    await expect(chart(page, slots[0]!).getByTestId('chart-status')).toContainText('Disconnected — reconnecting…');
    await page.waitForTimeout(2_000); // a few buckets pass while the server is down
    bff = startBff();
    await waitReady(bff);
    const restartedAt = Date.now() / 1000;
    await expect(status).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(chart(page, slots[0]!).getByTestId('chart-status')).toHaveCount(0, { timeout: 10_000 });

    // Wait until the next 1m bucket has closed (plus delivery slack).
    const nextClose = (Math.floor(Date.now() / 60_000) + 1) * 60_000;
    await page.waitForTimeout(nextClose - Date.now() + 2_500);
    for (const slot of slots) {
      const seconds = slot.interval === '1m' ? 60 : 1;
      const res = await fetch(`${OWN_URL}/api/candles?symbol=${encodeURIComponent(slot.symbol)}&interval=${slot.interval}&limit=1000`);
      const rest = ((await res.json()) as { candles: Bar[] }).candles;
      const held = await readCandles(page, slot);
      // Closed buckets only, with a margin for the bucket that is closing right now.
      const cutoff = Math.floor(Date.now() / 1000 / seconds) * seconds - (seconds === 1 ? 3 : 0);
      const times = held.map((c) => c.time);
      expect(new Set(times).size, `${slot.interval}: no duplicate time`).toBe(times.length);
      const from = Math.max(held[0]?.time ?? Infinity, rest[0]?.time ?? Infinity);
      const inRange = (c: Bar): boolean => c.time >= from && c.time < cutoff;
      const mine = held.filter(inRange);
      const theirs = rest.filter(inRange);
      expect(mine.length, `${slot.interval}: overlap is large`).toBeGreaterThan(50);
      expect(
        mine.some((c) => c.time < killedAt - 2 * seconds),
        `${slot.interval}: compared range starts before the kill`,
      ).toBe(true);
      expect(
        mine.some((c) => c.time + seconds > restartedAt),
        `${slot.interval}: and ends with a bucket closed after the restart`,
      ).toBe(true);
      expect(mine, `${slot.interval}: chart = /api/candles for closed buckets`).toEqual(theirs);
    }
  });
});
