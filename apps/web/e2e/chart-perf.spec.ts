/**
 * Dashboard performance measurements (docs/dashboard-perf.md). The JS budget is checked in every
 * run; the timed measurements are skipped unless PERF=1:
 *   npm run build -w @candlewire/web && PERF=1 npx playwright test apps/web/e2e/chart-perf.spec.ts
 * Prints one JSON line per measurement (`PERF {...}`) and attaches it to the report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { profileSummary, startAllocationProfile, startProfile, topAllocators } from './perf-profile';
import { startTrace, traceSummary } from './perf-trace';

/** Timed measurements run only with PERF=1, so `npx playwright test` stays fast. */
const skipUnlessPerf = (): void => test.skip(process.env.PERF !== '1', 'performance run: set PERF=1');
/** What the desk may load, gzip: the initial bundle plus every lazy chunk (every desk loads the chart chunk at once). */
const JS_BUDGET_BYTES = 200 * 1024;
// NOTE: Playwright's trace records a screencast: the browser encodes and ships every frame the page
// produces (in these runs 10 s of GPU-process and 8 s of browser CPU per 30 s, on 2 cores), which
// starves the page's main thread. A measurement must not pay for its own camera.
test.use({ trace: 'off', screenshot: 'off', video: 'off' });

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const RUN_SECONDS = Number(process.env.PERF_SECONDS ?? 60);
// NOTE: V8 keeps compiling hot functions for the first half minute or so (≈ 0.5 MB of optimized
// code in the heap): a one-time cost, not growth. The measured window starts after this warm-up;
// the growth including it is reported too.
const WARMUP_SECONDS = Number(process.env.PERF_WARMUP_SECONDS ?? 30);
// PERF_PROFILE=1: a CPU profile of the measured window; the report names the functions of its
// longest busy stretches (what a long task was).
const PROFILE = process.env.PERF_PROFILE === '1';
// PERF_ALLOCATIONS=1: a sampling heap profile of the window; the report lists the top allocators.
// PERF_ALLOCATIONS=old: only what survived a scavenge (what fills the old generation).
const ALLOCATIONS = process.env.PERF_ALLOCATIONS === '1' || process.env.PERF_ALLOCATIONS === 'old';
// PERF_FPS=0: no frame counter. NOTE: the counter is a callback on every animation frame, which
// makes every frame a main-thread frame (style, paint, layer commit): a page left alone has none.
const COUNT_FRAMES = process.env.PERF_FPS !== '0';
// PERF_TRACE=1: a Chromium trace of the window; the report gives task durations and GC pauses.
const TRACE = process.env.PERF_TRACE === '1';

function report(name: string, data: Record<string, unknown>): void {
  const line = JSON.stringify({ name, ...data });
  console.log(`PERF ${line}`);
  test.info().annotations.push({ type: 'perf', description: line });
}

async function setStorage(page: Page, entries: Record<string, unknown>): Promise<void> {
  await page.addInitScript((items) => {
    for (const [k, v] of Object.entries(items)) localStorage.setItem(k, JSON.stringify(v));
  }, entries);
}

const layout = (count: number, charts: { symbol: string; interval: string }[]) => ({
  'candlewire.layout': { state: { count, charts, focused: 0 }, version: 1 },
});

test('initial JS size (gzip) of the built app', () => {
  const html = readFileSync(`${DIST}index.html`, 'utf8');
  const scripts = [
    ...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+\.js)"/g),
  ].map((m) => m[1] ?? '');
  const sizes = scripts.map((file) => {
    const bytes = readFileSync(`${DIST}${file}`);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const lazy = readdirSync(`${DIST}assets`)
    .filter((f) => f.endsWith('.js') && !scripts.includes(`assets/${f}`))
    .map((f) => ({ file: `assets/${f}`, gzip: gzipSync(readFileSync(`${DIST}assets/${f}`), { level: 9 }).length }));
  const gzipTotal = sizes.reduce((s, f) => s + f.gzip, 0);
  const withLazy = gzipTotal + lazy.reduce((s, f) => s + f.gzip, 0);
  report('initial-js', { files: sizes, gzipTotal, lazyChunks: lazy, withLazyGzip: withLazy, budget: JS_BUDGET_BYTES });
  expect(sizes.length).toBeGreaterThan(0);
  expect(withLazy, 'initial JS + lazy chunks, gzip -9').toBeLessThanOrEqual(JS_BUDGET_BYTES);
});

test('time to first candle after navigation', async ({ browser }) => {
  skipUnlessPerf();
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    // A fresh context each time: no HTTP cache, no warm JS.
    const context = await browser.newContext();
    const page = await context.newPage();
    await setStorage(page, layout(1, [{ symbol: 'AAPL', interval: '1m' }]));
    await page.goto('/');
    await expect.poll(() => page.evaluate(() => window.__candlewire?.firstCandleAt ?? null), { timeout: 15_000 }).not.toBeNull();
    samples.push(await page.evaluate(() => window.__candlewire?.firstCandleAt ?? NaN));
    await context.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  report('first-candle-ms', { samples: samples.map(Math.round), median: Math.round(sorted[2] ?? NaN) });
});

interface SteadyOptions {
  name: string;
  watchlist: number;
  /** Every indicator on each chart, two compare lines on the first, two price alerts per chart symbol. */
  extras?: boolean;
}

const ALL_INDICATORS = ['sma', 'ema', 'vwap', 'bb', 'volma', 'rsi', 'macd'];
const extrasSettings = {
  'candlewire.chart-settings': {
    state: {
      charts: Object.fromEntries(
        [0, 1, 2, 3].map((i) => [i, { indicators: ALL_INDICATORS, scale: 'normal', compare: i === 0 ? ['MSFT', 'ETH-USDT'] : [] }]),
      ),
    },
    version: 1,
  },
};

const ALERT_OFFSETS = { above: 1.004, below: 0.996 } as const;

/** Two armed alerts per symbol, 0.4 % above and below its last 1s close: lines on every chart of it. */
async function priceAlerts(page: Page, symbols: string[]): Promise<Record<string, unknown>> {
  const alerts = [];
  for (const symbol of symbols) {
    const res = await page.request.get(`/api/candles?symbol=${encodeURIComponent(symbol)}&interval=1s&limit=1`);
    const close = ((await res.json()) as { candles: { close: number }[] }).candles.at(-1)?.close ?? NaN;
    for (const [condition, factor] of Object.entries(ALERT_OFFSETS)) {
      const price = Number((close * factor).toPrecision(6));
      alerts.push({
        id: `perf-${symbol}-${condition}`,
        symbol,
        condition,
        price,
        note: '',
        createdAt: 0,
        refPrice: close,
        triggered: null,
      });
    }
  }
  return { 'candlewire.price-alerts': { state: { alerts }, version: 1 } };
}

/** 4 charts on `1s` plus a watchlist of `watchlist` symbols, measured for RUN_SECONDS. */
async function steadyState(page: Page, symbols: string[], { name, watchlist, extras = false }: SteadyOptions): Promise<void> {
  const charts = ['AAPL', 'BTC-USDT', '0700.HK', '600519.SH'].map((symbol) => ({ symbol, interval: '1s' }));
  const onCharts = charts.map((c) => c.symbol);
  const alerts = extras ? await priceAlerts(page, onCharts) : {};
  await setStorage(page, {
    ...layout(4, charts),
    ...(extras ? extrasSettings : {}),
    ...alerts,
    'candlewire.watchlists': {
      state: { lists: [{ id: 'main', name: 'Main', symbols: symbols.slice(0, watchlist) }], activeId: 'main' },
      version: 1,
    },
  });
  await page.addInitScript((countFrames) => {
    const perf = { longTasks: [] as [number, number][], frames: 0 };
    (window as unknown as { __perf: typeof perf }).__perf = perf;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    const tick = (): void => {
      perf.frames++;
      requestAnimationFrame(tick);
    };
    if (countFrames) requestAnimationFrame(tick);
  }, COUNT_FRAMES);
  await page.goto('/');
  await expect(page.locator('[data-testid="watchlist-row"]')).toHaveCount(watchlist, { timeout: 15_000 });
  if (extras) await expect(page.getByTestId('price-alert')).toHaveCount(onCharts.length * 2);
  for (const c of charts) {
    await expect
      .poll(() => page.evaluate(([s, i]) => window.__candlewire?.candles(s, i).length ?? 0, [c.symbol, c.interval] as const), {
        timeout: 15_000,
      })
      .toBeGreaterThan(100);
  }
  await page.waitForTimeout(3_000); // settle: initial loads done

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const heap = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await metrics())['JSHeapUsedSize'] ?? NaN;
  };
  type PerfState = { longTasks: [number, number][]; frames: number; now: number };
  const read = (): Promise<PerfState> =>
    page.evaluate(() => {
      const p = (window as unknown as { __perf: { longTasks: [number, number][]; frames: number } }).__perf;
      return { longTasks: [...p.longTasks], frames: p.frames, now: performance.now() };
    });
  const heapSettled = await heap();
  await page.waitForTimeout(WARMUP_SECONDS * 1000);
  const heapStart = await heap();
  await page.waitForTimeout(500); // NOTE: keep the forced GC out of the long-task window
  const m0 = await metrics();
  if (PROFILE) await startProfile(cdp);
  if (ALLOCATIONS) await startAllocationProfile(cdp, process.env.PERF_ALLOCATIONS === 'old');
  const browser = page.context().browser();
  if (TRACE && browser !== null) await startTrace(browser, page);
  const before = await read();
  await page.waitForTimeout(RUN_SECONDS * 1000);
  const after = await read();
  const trace = TRACE && browser !== null ? await traceSummary(browser) : undefined;
  const profile = PROFILE ? await profileSummary(cdp) : undefined;
  const allocators = ALLOCATIONS ? await topAllocators(cdp, RUN_SECONDS) : undefined;
  const m1 = await metrics();
  const heapEnd = await heap();
  const during = after.longTasks.filter(([start]) => start >= before.now && start < after.now).map(([, d]) => d);
  const pct = (key: string): number => Math.round((((m1[key] ?? 0) - (m0[key] ?? 0)) / RUN_SECONDS) * 1000) / 10;
  const counts = await page.evaluate(
    (list) => list.map(([s, i]) => window.__candlewire?.candles(s ?? '', i ?? '').length ?? 0),
    charts.map((c) => [c.symbol, c.interval]),
  );
  const alertsFired = await page.locator('[data-testid="price-alert"][data-state="fired"]').count();
  report(name, {
    seconds: RUN_SECONDS,
    watchlist,
    extras,
    longTasks: during.length,
    longTaskMaxMs: Math.round(Math.max(0, ...during)),
    longTaskTotalMs: Math.round(during.reduce((s, d) => s + d, 0)),
    fps: COUNT_FRAMES ? Math.round(((after.frames - before.frames) / RUN_SECONDS) * 10) / 10 : null,
    mainThreadBusyPct: pct('TaskDuration'),
    scriptPct: pct('ScriptDuration'),
    layoutPct: pct('LayoutDuration'),
    stylePct: pct('RecalcStyleDuration'),
    warmupSeconds: WARMUP_SECONDS,
    heapSettledMB: Math.round((heapSettled / 2 ** 20) * 10) / 10,
    heapStartMB: Math.round((heapStart / 2 ** 20) * 10) / 10,
    heapEndMB: Math.round((heapEnd / 2 ** 20) * 10) / 10,
    heapGrowthMB: Math.round(((heapEnd - heapStart) / 2 ** 20) * 10) / 10,
    heapGrowthPct: Math.round(((heapEnd - heapStart) / heapStart) * 1000) / 10,
    heapGrowthInclWarmupPct: Math.round(((heapEnd - heapSettled) / heapSettled) * 1000) / 10,
    candlesHeld: counts,
    ...(extras ? { alertsFired } : {}),
    ...(profile === undefined ? {} : profile),
    ...(allocators === undefined ? {} : { allocators }),
    ...(trace === undefined ? {} : { trace }),
  });
}

async function allSymbols(page: Page): Promise<string[]> {
  const res = await page.request.get('/api/symbols');
  return ((await res.json()) as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol);
}

test('4 charts on 1s and a 30-symbol watchlist for 60 s', async ({ page }) => {
  skipUnlessPerf();
  test.setTimeout((RUN_SECONDS + WARMUP_SECONDS + 90) * 1000);
  await steadyState(page, await allSymbols(page), { name: 'steady-4x1s-watch30', watchlist: 30 });
});

test("the same 4 charts with a 1-symbol watchlist (the charts' own share)", async ({ page }) => {
  skipUnlessPerf();
  test.setTimeout((RUN_SECONDS + WARMUP_SECONDS + 90) * 1000);
  await steadyState(page, await allSymbols(page), { name: 'steady-4x1s-watch1', watchlist: 1 });
});

test('the same 4 charts with every indicator on and 2 compare lines, 30-symbol watchlist', async ({ page }) => {
  skipUnlessPerf();
  test.setTimeout((RUN_SECONDS + WARMUP_SECONDS + 90) * 1000);
  await steadyState(page, await allSymbols(page), { name: 'steady-4x1s-watch30-indicators', watchlist: 30, extras: true });
});
