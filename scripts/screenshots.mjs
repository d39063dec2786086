// `npm run screenshots`: refreshes docs/screenshot-1280x720.png and docs/screenshot-1920x1080.png
// from the built app (run `npm run build` first) on the simulated market, in Debian's Chromium
// (CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own browser).
// NOTE: detector thresholds are lowered (0.15 % in 30 s) so the alerts panel has something to
// show within the minute the script waits; everything else is the default `npm start`.
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
try {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(200);
  }
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const shots = [
    { width: 1280, height: 720, count: 2, charts: [{ symbol: 'AAPL', interval: '1m' }, { symbol: 'BTC-USDT', interval: '1m' }] },
    {
      width: 1920,
      height: 1080,
      count: 4,
      charts: [
        { symbol: 'AAPL', interval: '1m' },
        { symbol: 'BTC-USDT', interval: '1m' },
        { symbol: '0700.HK', interval: '5m' },
        { symbol: '600519.SH', interval: '1h' },
      ],
    },
  ];
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // Open once and let alerts accumulate, then shoot each layout.
  await page.goto(url);
  await sleep(60_000);
  for (const shot of shots) {
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await page.evaluate((layout) => localStorage.setItem('candlewire.layout', JSON.stringify(layout)), { state: { count: shot.count, charts: shot.charts, focused: 0 }, version: 1 });
    await page.reload();
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor();
    await sleep(6_000);
    const file = join(root, `docs/screenshot-${shot.width}x${shot.height}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshots: wrote ${file}`);
  }
  await browser.close();
} finally {
  bff.kill('SIGTERM');
}
