/**
 * End-to-end tests (`npm run test:e2e` builds first, then `playwright test`).
 * Runs against the built BFF, which also serves the built web app.
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// NOTE: E2E_PORT lets two checkouts run their e2e suites side by side (the kill/restart test uses E2E_PORT + 1).
const PORT = Number(process.env.E2E_PORT ?? 4179);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const isCI = Boolean(process.env.CI);

/** Debian's Chromium when present; otherwise Playwright's own browser (if installed). */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}
const executablePath = chromiumPath();

export default defineConfig({
  testDir: 'apps/web/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node --enable-source-maps --max-semi-space-size=2 apps/bff/dist/main.js',
    url: `${BASE_URL}/readyz`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // NOTE: the sim's history worker precomputes for ~90 s of a core after start; the browser tests do not need it.
      SIM_PRECOMPUTE: 'false',
    },
  },
});
