/**
 * Auth end to end: a BFF with auth on (E2E_PORT + 3). The dashboard opened with `#token=<JWT>`
 * (as an identity provider's redirect leaves it) connects, loads REST data with the same token
 * (the cookie), and drops the token from the address bar; opened without one it gets nothing.
 * The page runs under the BFF's CSP: no violation may be reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { SignJWT } from 'jose';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const OWN_PORT = Number(process.env.E2E_PORT ?? 4179) + 3;
const OWN_URL = `http://127.0.0.1:${OWN_PORT}`;
const SECRET = 'e2e-auth-secret-of-32-characters!!';

let bff: ChildProcess | null = null;

test.beforeAll(async () => {
  expect(await fetch(`${OWN_URL}/healthz`).catch(() => null), `port ${OWN_PORT} must be free`).toBeNull();
  bff = spawn(process.execPath, ['--enable-source-maps', 'apps/bff/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(OWN_PORT), HOST: '127.0.0.1', AUTH_SECRET: SECRET, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  await expect
    .poll(async () => (await fetch(`${OWN_URL}/readyz`).catch(() => null))?.status ?? 0, { timeout: 30_000, intervals: [100] })
    .toBe(200);
  expect(bff.exitCode, 'our BFF is the one answering').toBeNull();
});

test.afterAll(async () => {
  const child = bff;
  if (child === null || child.exitCode !== null) return;
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
});

function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return problems;
}

test('with #token= the dashboard connects, loads REST data and forgets the fragment, under the CSP', async ({ page }) => {
  const token = await new SignJWT({ sub: 'e2e' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
  const problems = collectProblems(page);
  await page.goto(`${OWN_URL}/#token=${token}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(page.locator('[data-testid="watchlist-row"]').first()).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  const symbols = await page.evaluate(async () => (await fetch('/api/symbols?q=AAPL')).status);
  expect(symbols).toBe(200);
  expect(problems).toEqual([]);
});

test('without a token the dashboard gets no data', async ({ page }) => {
  await page.goto(`${OWN_URL}/`);
  await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected', { timeout: 5_000 });
  const status = await page.evaluate(async () => (await fetch('/api/symbols')).status);
  expect(status).toBe(401);
});
