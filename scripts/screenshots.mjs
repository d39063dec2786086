// `npm run screenshots`: the desk at 390×844 (phone, touch), 1440×900 and 1920×1080, dark and
// light, into docs/screenshot-<width>x<height>-<theme>.png, from the built app (`npm run build`
// first) on the simulated market, in Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium,
// else Playwright's own browser). Each shot has a price alert line on the first chart (set a
// little above the live price), time and sales, and the market alerts of the last half minute.
// NOTE: detector thresholds are lowered (0.15 % in 30 s) so the alerts panel has something to
// show within the half minute the script waits; everything else is the default `npm start`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const port = Number(process.env.SCREENSHOT_PORT ?? 4189);
const url = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const thresholds = { '*': { movePct: 0.15, moveWindowSec: 30, cooldownSec: 300 } };
const bff = spawn(process.execPath, ['--enable-source-maps', join(root, 'apps/bff/dist/main.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ALERT_THRESHOLDS: JSON.stringify(thresholds) },
  stdio: 'inherit',
});

const FOUR = [
  { symbol: 'AAPL', interval: '1m' },
  { symbol: 'BTC-USDT', interval: '1m' },
  { symbol: '0700.HK', interval: '5m' },
  { symbol: '600519.SH', interval: '1h' },
];
const shots = [
  { width: 390, height: 844, count: 1, touch: true },
  { width: 1440, height: 900, count: 2 },
  { width: 1920, height: 1080, count: 4 },
];
/** Indicators on the first chart when the build has them (the chart's `indicator-<name>` items). */
const INDICATORS = ['sma', 'vwap', 'rsi'];

/** The last close of `symbol` from REST: the alert goes 0.3 % above it. */
async function lastClose(symbol) {
  const body = await (await fetch(`${url}/api/candles?symbol=${encodeURIComponent(symbol)}&interval=1m&limit=1`)).json();
  return body.candles.at(-1).close;
}

async function turnOnIndicators(page) {
  const menu = page.locator('[data-testid="chart"]').first().getByTestId('indicator-menu');
  if ((await menu.count()) === 0) return;
  for (const name of INDICATORS) {
    await menu.click();
    const item = page.getByTestId(`indicator-${name}`).first();
    if ((await item.count()) > 0 && (await item.getAttribute('aria-checked')) !== 'true') await item.click();
    await page.keyboard.press('Escape');
  }
}

try {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(200);
  }
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const level = Math.round((await lastClose('AAPL')) * 1.0015 * 100) / 100;
  const alerts = [
    {
      id: 'shot-1',
      symbol: 'AAPL',
      condition: 'above',
      price: level,
      note: 'breakout',
      createdAt: Date.now(),
      refPrice: null,
      triggered: null,
    },
  ];
  // Let the market alerts accumulate on one page first.
  const warm = await browser.newPage();
  await warm.goto(url);
  await sleep(Number(process.env.SCREENSHOT_WARMUP_MS ?? 30_000));
  await warm.close();
  for (const shot of shots) {
    for (const theme of ['dark', 'light']) {
      const context = await browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        hasTouch: shot.touch === true,
        isMobile: shot.touch === true,
        deviceScaleFactor: 1,
      });
      await context.addInitScript(
        ({ layout, alerts, theme }) => {
          localStorage.setItem('candlewire.layout', JSON.stringify({ state: layout, version: 1 }));
          localStorage.setItem('candlewire.price-alerts', JSON.stringify({ state: { alerts }, version: 1 }));
          localStorage.setItem('candlewire.theme', JSON.stringify({ state: { theme }, version: 1 }));
        },
        { layout: { count: shot.count, charts: FOUR, focused: 0 }, alerts, theme },
      );
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
      await page.locator('[data-testid="chart"][data-state="ready"]').first().waitFor({ timeout: 20_000 });
      await turnOnIndicators(page);
      // No hover crosshair or focus ring in the picture.
      // NOTE: a string, evaluated in the page (this script's lint runs with Node globals only).
      await page.evaluate('document.activeElement?.blur?.()');
      await page.mouse.move(shot.width / 2, 2);
      await sleep(5_000);
      const file = join(root, `docs/screenshot-${shot.width}x${shot.height}-${theme}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshots: wrote ${file}`);
      await context.close();
    }
  }
  await browser.close();
} finally {
  bff.kill('SIGTERM');
}
