/**
 * A scale-out gateway that lost Redis says `stale` for the channels of each connection, then
 * `live` once it caught up (docs/protocol-notes.md). The gateway side is tested against a real
 * redis-server (apps/bff/test/cluster/redis-trouble.test.ts); here the page gets those two
 * messages on its real socket to the BFF, and shows the delay in words while it lasts.
 */
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, openDashboard, row, test } from './fixtures';

/** Forwards the page's socket to the BFF, recording the channels the page subscribes to. */
async function relay(page: Page): Promise<{ channels: Set<string>; page(): WebSocketRoute }> {
  const channels = new Set<string>();
  let route: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    route = ws;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const parsed: unknown = typeof message === 'string' ? JSON.parse(message) : null;
      if (typeof parsed === 'object' && parsed !== null && 'op' in parsed && parsed.op === 'subscribe' && 'channels' in parsed) {
        for (const name of Array.isArray(parsed.channels) ? parsed.channels : []) if (typeof name === 'string') channels.add(name);
      }
      server.send(message);
    });
  });
  return {
    channels,
    page() {
      if (route === null) throw new Error('the page has no socket yet');
      return route;
    },
  };
}

test('while the gateway says its data is stale, quotes show stale and the status bar says the data is delayed; live clears it', async ({
  page,
}) => {
  const socket = await relay(page);
  await openDashboard(page);
  const aapl = row(page, 'AAPL');
  await expect(aapl).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  await expect(page.getByTestId('quote-strip').first()).toHaveAttribute('data-state', 'live');
  const channels = [...socket.channels];
  expect(channels).toContain('quote:AAPL');

  socket.page().send(JSON.stringify({ type: 'stale', channels, reason: 'broker_unavailable', serverTime: Date.now() }));
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-stale', 'true');
  await expect(status).toHaveAttribute('data-state', 'connected'); // the socket is fine
  await expect(status).toContainText('data delayed');
  await expect(page.getByTestId('data-delayed')).toHaveText(/^Market data delayed: the server lost its data store/);
  await expect(aapl).toHaveAttribute('data-state', 'stale');
  await expect(aapl.getByTestId('quote-state')).toHaveText('STALE');
  await expect(aapl.getByTestId('quote-state')).toHaveAttribute('title', /Market data delayed/);
  await expect(page.getByTestId('quote-strip').first()).toHaveAttribute('data-state', 'stale');
  await expect(page.getByTestId('quote-strip').first().locator('[data-field="delayed"]')).toHaveText('Delayed');

  socket.page().send(JSON.stringify({ type: 'live', channels, serverTime: Date.now() }));
  await expect(status).not.toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('data-delayed')).toHaveCount(0);
  await expect(aapl).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('quote-strip').first()).toHaveAttribute('data-state', 'live');
});
