/**
 * Restart under load: N SDK clients hold `candles:AAPL:1m` on the built BFF; the BFF is stopped
 * (SIGTERM: 1012 in batches) and started again on the same port with the same seed. Checks
 * that every client is back within 30 s, that no one second holds more than 15 % of the
 * reconnects, and that every client's closed candles equal `/api/candles`.
 *   npm run bench:restart -w @candlewire/bff -- --clients 500
 * `--upgrades-per-sec` (MAX_UPGRADES_PER_SECOND, default 60 = 12 % of 500) paces the handshakes.
 * Exits 1 when a target is missed. Timing on a shared machine is noisy: say so with the numbers.
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createClient, type CandlewireClient, type ChannelEvent } from '@candlewire/client';
import { createNodeSocket } from '@candlewire/client/node';
import { channel, type Candle } from '@candlewire/protocol';
import { z } from 'zod';
import { startBuiltBff } from './start-bff';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    'spread-ms': { type: 'string', default: '2000' },
    'within-ms': { type: 'string', default: '30000' },
    'max-share': { type: 'string', default: '0.15' },
    'upgrades-per-sec': { type: 'string', default: '60' },
  },
});
const N = Number(args.clients);
const CHANNEL = channel.candles('AAPL', '1m');

interface Watcher {
  client: CandlewireClient;
  candles: Map<number, Candle>;
  sessions: string[];
  /** performance.now() of each connect. */
  connectedAt: number[];
}

function watch(url: string): Watcher {
  const w: Watcher = {
    client: createClient({ url, createSocket: createNodeSocket, pingIntervalMs: 60_000 }),
    candles: new Map(),
    sessions: [],
    connectedAt: [],
  };
  w.client.onStateChange(({ newState }) => {
    // NOTE: a connected client's state also changes with each ping's latency: count sessions, not events.
    if (newState.status !== 'connected' || w.sessions.at(-1) === newState.sessionId) return;
    w.sessions.push(newState.sessionId);
    w.connectedAt.push(performance.now());
  });
  w.client.subscribe(CHANNEL, (e: ChannelEvent<'candles'>) => {
    const plain = ({ time, open, high, low, close, volume }: Candle): Candle => ({ time, open, high, low, close, volume });
    if (e.type === 'snapshot') {
      w.candles.clear();
      for (const c of e.snapshot) w.candles.set(c.time, plain(c));
    } else if (e.type === 'update') {
      w.candles.set(e.data.time, plain(e.data));
    }
  });
  w.client.start();
  return w;
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const env = (port: string) => ({
  PORT: port,
  LOG_LEVEL: 'info',
  SIM_SEED: 'restart-bench',
  SIM_TRADES_PER_SEC: '2',
  MAX_CONNECTIONS_PER_IP: '0',
  SHUTDOWN_SPREAD_MS: args['spread-ms'],
  MAX_UPGRADES_PER_SECOND: args['upgrades-per-sec'],
  WEB_DIST: '/nonexistent',
});

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const first = await startBuiltBff([], env('0'));
  const port = new URL(first.url).port;
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const watchers = Array.from({ length: N }, () => watch(wsUrl));
  if (!(await until(() => watchers.every((w) => w.sessions.length === 1 && w.candles.size > 0), 60_000))) {
    const connected = watchers.filter((w) => w.sessions.length > 0).length;
    const withCandles = watchers.filter((w) => w.candles.size > 0).length;
    first.child.kill('SIGKILL');
    throw new Error(
      `clients did not connect: ${connected} connected, ${withCandles} with candles, states ${JSON.stringify(watchers.slice(0, 3).map((w) => w.client.state))}`,
    );
  }
  console.log(`${N} clients connected and holding ${CHANNEL}`);

  const stoppedAt = performance.now();
  await stop(first.child);
  const stopMs = performance.now() - stoppedAt;
  // NOTE: reconnects are counted where they happen, from the new BFF's `connected` log lines
  // (their pino time): the bench's own event loop, busy with 500 snapshots, would bunch them.
  const accepted: number[] = [];
  let partial = '';
  const second = await startBuiltBff([], env(port), (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines)
      if (line.includes('"msg":"connected"')) accepted.push(z.object({ time: z.number() }).parse(JSON.parse(line)).time);
  });
  const upAt = performance.now();
  const withinMs = Number(args['within-ms']);
  const allBack = await until(() => watchers.every((w) => w.sessions.length >= 2), withinMs + 10_000);
  const backMs = Math.max(...watchers.map((w) => (w.connectedAt[1] ?? Infinity) - upAt));
  // Reconnects per second, from the first one the new BFF accepted.
  const firstAt = Math.min(...accepted);
  const bins = new Map<number, number>();
  for (const at of accepted) bins.set(Math.floor((at - firstAt) / 1000), (bins.get(Math.floor((at - firstAt) / 1000)) ?? 0) + 1);
  const maxPerSecond = Math.max(...bins.values());
  const spanMs = Math.max(...accepted) - firstAt;
  // Candles: every closed candle a client holds equals REST (the forming bucket moves on).
  await new Promise((r) => setTimeout(r, 1000));
  const body: unknown = await (await fetch(`${second.url}/api/candles?symbol=AAPL&interval=1m&limit=1000`)).json();
  const candle = z.object({ time: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });
  const rest = z.object({ candles: z.array(candle) }).parse(body).candles;
  const forming = rest.at(-1)?.time ?? 0;
  const byTime = new Map(rest.map((c) => [c.time, c]));
  let mismatched = 0;
  let compared = 0;
  for (const w of watchers) {
    for (const c of w.candles.values()) {
      if (c.time >= forming) continue;
      compared++;
      const r = byTime.get(c.time);
      if (r === undefined || r.open !== c.open || r.high !== c.high || r.low !== c.low || r.close !== c.close || r.volume !== c.volume)
        mismatched++;
    }
  }
  for (const w of watchers) w.client.stop();
  await stop(second.child);

  const share = maxPerSecond / N;
  const ok = allBack && backMs <= withinMs && share <= Number(args['max-share']) && mismatched === 0 && compared > 0;
  console.log(
    JSON.stringify({
      clients: N,
      stopMs: Math.round(stopMs),
      allBack,
      lastBackMs: Math.round(backMs),
      acceptedByNewBff: accepted.length,
      reconnectSpanMs: spanMs,
      maxReconnectsInOneSecond: maxPerSecond,
      maxShare: Math.round(share * 1000) / 10 + ' %',
      perSecond: [...bins.entries()].sort((a, b) => a[0] - b[0]),
      candlesCompared: compared,
      mismatched,
      ok,
    }),
  );
  process.exit(ok ? 0 : 1);
}

void main();
