/**
 * `npm run bench -- --clients 1000 --channels 10 --seconds 20 --trades-per-sec 30`
 * Starts the built BFF, connects N clients from child processes, each subscribed to K channels,
 * and prints delivered messages/s, latency (receive time − event time), server CPU and RSS per connection.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { channelsFor } from './channels';
import { envPairs, startBuiltBff } from './start-bff';
import { createHistogram, merge, quantile, type LatencyHistogram } from './histogram';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    channels: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    // NOTE: channel history grows for HISTORY_MIN_MS (2 min) after start whatever the clients:
    // the RSS baseline is taken once it is full, so RSS per connection is only the connections'.
    'server-warmup': { type: 'string', default: '125' },
    'trades-per-sec': { type: 'string', default: '30' },
    procs: { type: 'string', default: '2' },
    mix: { type: 'string', default: 'trades' },
    'flush-ms': { type: 'string', default: '20' },
    env: { type: 'string', multiple: true, default: [] },
    'node-args': { type: 'string', default: '' },
    // NOTE: clients connect in this many equal steps, RSS is read after each, and RSS per
    // connection is the least-squares slope: one before/after difference is at GC's mercy.
    'rss-steps': { type: 'string', default: '4' },
  },
});
const N = Number(args.clients);
const K = Number(args.channels);
const T = Number(args.seconds);
const P = Math.max(1, Math.min(N, Number(args.procs)));
const mix = args.mix === 'mixed' ? 'mixed' : 'trades';

const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};
const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startBff(): Promise<{ child: ChildProcess; url: string }> {
  // NOTE: the same Node flags as `npm start` (node-flags.json), plus the bench's GC probe.
  const env = { SIM_TRADES_PER_SEC: args['trades-per-sec'], FLUSH_MS: args['flush-ms'], MAX_CONNECTIONS: String(N + 100), MAX_CONNECTIONS_PER_IP: '0', ...envPairs(args.env) };
  return startBuiltBff(['--expose-gc', ...args['node-args'].split(' ').filter(Boolean)], env);
}

function request<T>(worker: ChildProcess, msg: object, reply: string): Promise<T> {
  return new Promise((ok, fail) => {
    const on = (m: { cmd: string; error?: string }) => {
      if (m.cmd === 'failed') fail(new Error(m.error));
      if (m.cmd !== reply) return;
      worker.off('message', on);
      ok(m as T);
    };
    worker.on('message', on);
    worker.send(msg);
  });
}

/** Slope of the least-squares line through `points` ([x, y] pairs). */
function leastSquaresSlope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

async function main(): Promise<void> {
  const { child: bff, url } = await startBff();
  const pid = bff.pid ?? 0;
  const symbols = ((await (await fetch(`${url}/api/symbols`)).json()) as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  // NOTE: RSS moves with garbage collection. It is read right after a full collection that the
  // bench asks for (SIGUSR2, see main.ts; the BFF runs with --expose-gc here), median of three.
  const heapNotes: string[] = [];
  const heapUsed: number[] = [];
  const rssAfterGc = async () => {
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) {
      bff.kill('SIGUSR2');
      // NOTE: long enough for the collector to return freed pages, short enough that little new
      // garbage (300k messages/s allocate fast) has piled up since.
      await sleep(400);
      xs.push(rssKb(pid));
    }
    // The V8 heap after the same collection (prom-client's default metrics), to tell heap from native memory.
    const text = await (await fetch(`${url}/metrics`)).text();
    const gauge = (name: string) => Math.round(Number(new RegExp(`^candlewire_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1024);
    heapUsed.push(gauge('nodejs_heap_size_used_bytes'));
    heapNotes.push(`heap used/total ${gauge('nodejs_heap_size_used_bytes')}/${gauge('nodejs_heap_size_total_bytes')} KB`);
    return median(xs);
  };
  // NOTE: one primer connection holds every channel the clients will use from the start, so their
  // history (kept while someone listens) is full before the baseline: per-channel memory is not
  // per-connection memory.
  const union = new Set(Array.from({ length: N }, (_, i) => channelsFor(i, K, symbols, mix)).flat());
  const primer = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  await new Promise((ok) => primer.once('open', ok));
  primer.send(JSON.stringify({ op: 'subscribe', id: 1, channels: [...union] }));
  await sleep(Number(args['server-warmup']) * 1000);
  const rssBefore = await rssAfterGc();
  const workers = Array.from({ length: P }, () => fork(resolve(here, 'clients.ts'), [], { execArgv: ['--import', 'tsx'] }));
  const per = Math.ceil(N / P);
  const steps = Math.max(1, Number(args['rss-steps']));
  const points: [number, number][] = [[0, rssBefore]];
  const opened = workers.map(() => 0);
  for (let step = 1; step <= steps; step++) {
    await Promise.all(
      workers.map((w, i) => {
        const share = Math.max(0, Math.min(per, N - i * per));
        const count = Math.round((share * step) / steps) - (opened[i] ?? 0);
        const first = i * per + (opened[i] ?? 0);
        opened[i] = (opened[i] ?? 0) + count;
        return request(w, { cmd: 'open', url: `${url.replace('http', 'ws')}/ws`, first, count, channels: K, symbols, mix }, 'opened');
      }),
    );
    if (steps > 1) {
      await sleep(2000); // subscribe snapshots settle
      points.push([opened.reduce((a, b) => a + b, 0), await rssAfterGc()]);
    }
  }
  await sleep(Number(args.warmup) * 1000);
  for (const w of workers) w.send({ cmd: 'measure' });
  const cpu0 = cpuTicks(pid);
  const clientCpu0 = workers.map((w) => cpuTicks(w.pid ?? 0));
  const t0 = performance.now();
  await sleep(T * 1000);
  const reports = await Promise.all(workers.map((w) => request<{ messages: number; frames: number; hist: LatencyHistogram; quoteHist: LatencyHistogram; closed: number }>(w, { cmd: 'report' }, 'report')));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (cpuTicks(pid) - cpu0) / ticks / elapsed;
  const clientCpu = workers.reduce((sum, w, i) => sum + cpuTicks(w.pid ?? 0) - (clientCpu0[i] ?? 0), 0) / ticks / elapsed;
  const rssWith = await rssAfterGc(); // clients still connected and streaming
  points.push([N, rssWith]);
  const slope = leastSquaresSlope(points);
  const hist = createHistogram();
  const quoteHist = createHistogram();
  let messages = 0;
  let frames = 0;
  let closed = 0;
  for (const r of reports) {
    merge(hist, r.hist);
    merge(quoteHist, r.quoteHist);
    messages += r.messages;
    frames += r.frames;
    closed += r.closed;
  }
  for (const w of workers) w.send({ cmd: 'exit' });
  primer.terminate();
  bff.kill('SIGTERM');
  const row = {
    clients: N,
    channels: K,
    mix,
    'trades/s/sym': Number(args['trades-per-sec']),
    'msgs/s': Math.round(messages / elapsed),
    'frames/s': Math.round(frames / elapsed),
    'trades p50 ms': quantile(hist, 0.5),
    'trades p99 ms': quantile(hist, 0.99),
    'trades p99.9 ms': quantile(hist, 0.999),
    'quotes p50/p99 ms': mix === 'mixed' ? `${quantile(quoteHist, 0.5)}/${quantile(quoteHist, 0.99)}` : '-',
    'server CPU %': Math.round(cpu * 100),
    'clients CPU %': Math.round(clientCpu * 100),
    'RSS/conn KB': Math.round(slope * 10) / 10,
    'RSS/conn KB (end−start)': Math.round(((rssWith - rssBefore) / N) * 10) / 10,
    // NOTE: the step readings only (the last one, after the measurement, is at the same N).
    'heap/conn KB (slope)': Math.round(leastSquaresSlope(points.slice(0, -1).map(([n], i) => [n, heapUsed[i] ?? NaN])) * 10) / 10,
    'RSS MB': Math.round(rssWith / 1024),
    dropped: closed,
  };
  console.log(`\ncommand: npm run bench -- ${process.argv.slice(2).join(' ')}`);
  console.log(`| ${Object.keys(row).join(' | ')} |`);
  console.log(`|${Object.keys(row).map(() => '---').join('|')}|`);
  console.log(`| ${Object.values(row).join(' | ')} |`);
  console.log(`RSS KB by connections: ${points.map(([n, kb], i) => `${n}:${kb} (${heapNotes[i] ?? ''})`).join(', ')}`);
  process.exit(0);
}

void main();
