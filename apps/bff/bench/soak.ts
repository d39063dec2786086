/**
 * Soak: `npm run soak -- --minutes N`: the built BFF under steady load (`--clients` plain `ws`
 * clients on quote/trades/candles channels) with 1 % of the clients replaced every minute.
 * After a warm-up (`--warmup-minutes`, default 9) it takes the start sample, runs N minutes and
 * takes the end sample, each the median of 3 samples 20 s apart after a full GC (`--expose-gc` +
 * SIGUSR2). Prints RSS, V8 heap,
 * external memory, open file descriptors and event-loop lag p99 at connect, at the start and at
 * the end, with their drift from the start (steady state) and from connect, as a Markdown table.
 * NOTE: the warm-up covers what fills by design before memory is flat: each channel's resume
 * history (HISTORY_MIN_UPDATES = 1000 updates, at least HISTORY_MIN_MS = 2 min: ~3.5 min at 5
 * trades/s) and the broker's snapshot of every `candles:*:1s` channel (500 one-second buckets:
 * 8.3 min, published for every symbol whether watched or not). Later intervals fill too slowly
 * to matter (1m: 500 candles of ~170 bytes per symbol in 8 h). `--env K=V` and `--node-args`
 * pass settings and Node flags to the BFF (e.g. `--env MALLOC_ARENA_MAX=2`).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { envPairs, startBuiltBff } from './start-bff';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '200' },
    'warmup-minutes': { type: 'string', default: '9' },
    env: { type: 'string', multiple: true },
    'node-args': { type: 'string', default: '' },
  },
});
const MINUTES = Number(args.minutes);
const N = Number(args.clients);
const WARMUP_MINUTES = Number(args['warmup-minutes']);
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'BTC-USDT', 'ETH-USDT', '0700.HK', '600000.SH'];
const MINUTE_MS = 60_000;

/** One measurement of the server process. */
type Sample = Record<'rssMB' | 'rssAnonMB' | 'heapUsedMB' | 'externalMB' | 'fds' | 'loopLagP99Ms', number>;

const LABELS: Record<keyof Sample, string> = {
  rssMB: 'RSS (MB)',
  rssAnonMB: 'RSS anonymous (MB)',
  heapUsedMB: 'V8 heap used (MB)',
  externalMB: 'external + array buffers (MB)',
  fds: 'open fds',
  loopLagP99Ms: 'event-loop lag p99 (ms)',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(url: string, i: number): WebSocket {
  const ws = new WebSocket(url);
  const s = SYMBOLS[i % SYMBOLS.length] ?? 'AAPL';
  ws.once('open', () => ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels: [`quote:${s}`, `trades:${s}`, `candles:${s}:1m`] })));
  ws.on('error', () => undefined);
  return ws;
}

/** `RssAnon` of `pid` in MB (heap + malloc arenas, without mapped files), NaN off Linux. */
function rssAnonMB(pid: number | undefined): number {
  try {
    const kb = /^RssAnon:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) / 1024;
  } catch {
    return NaN;
  }
}

async function sample(url: string, pid: number | undefined): Promise<Sample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMB: read('process_resident_memory_bytes') / 2 ** 20,
    rssAnonMB: rssAnonMB(pid),
    heapUsedMB: read('nodejs_heap_size_used_bytes') / 2 ** 20,
    externalMB: read('nodejs_external_memory_bytes') / 2 ** 20,
    fds: read('process_open_fds'),
    loopLagP99Ms: read('nodejs_eventloop_lag_p99_seconds') * 1000,
  };
}

/** The median of each metric over `samples`. */
function median(samples: readonly Sample[]): Sample {
  const mid = (k: keyof Sample) => samples.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;
  return {
    rssMB: mid('rssMB'),
    rssAnonMB: mid('rssAnonMB'),
    heapUsedMB: mid('heapUsedMB'),
    externalMB: mid('externalMB'),
    fds: mid('fds'),
    loopLagP99Ms: mid('loopLagP99Ms'),
  };
}

/**
 * A sample after a full GC in the server, so garbage not yet collected is not counted as
 * growth: the median of 3 such samples 20 s apart.
 * NOTE: on a shared machine a CPU-starved moment makes the BFF's heap balloon for a minute (a
 * backlog of trades and frames) and V8 returns those pages to the OS only later; one sample at
 * such a moment decided the whole drift. The median of three spread over 40 s does not.
 */
async function settledSample(url: string, child: { pid?: number | undefined; kill(s: NodeJS.Signals): boolean }) {
  const samples: Sample[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await sleep(20_000);
    child.kill('SIGUSR2');
    await sleep(1000);
    samples.push(await sample(url, child.pid));
  }
  return median(samples);
}

const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(x < 10 ? 2 : 1));
const drift = (from: number, to: number) => {
  if (!(from > 0)) return 'n/a';
  const pct = ((to - from) / from) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)} %`;
};

/** The Markdown table the README carries. */
function table(connect: Sample, start: Sample, end: Sample): string {
  const rows = (Object.keys(LABELS) as (keyof Sample)[]).map(
    (k) =>
      `| ${LABELS[k]} | ${fmt(connect[k])} | ${fmt(start[k])} | ${fmt(end[k])} | ${drift(start[k], end[k])} | ${drift(connect[k], end[k])} |`,
  );
  return [
    `| metric | at connect | start (after ${WARMUP_MINUTES} min warm-up) | end (+${MINUTES} min) | drift from start | drift from connect |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const nodeArgs = ['--expose-gc', ...args['node-args'].split(' ').filter((a) => a !== '')];
  const { child, url } = await startBuiltBff(nodeArgs, {
    SIM_TRADES_PER_SEC: '5',
    MAX_CONNECTIONS_PER_IP: '0',
    SIM_PRECOMPUTE: 'false',
    ...envPairs(args.env),
  });
  const wsUrl = `${url.replace('http', 'ws')}/ws`;
  const clients = Array.from({ length: N }, (_, i) => client(wsUrl, i));
  const churn = Math.max(1, Math.round(N / 100));
  const minute = async (label: string) => {
    await sleep(MINUTE_MS);
    for (let k = 0; k < churn; k++) {
      const i = Math.floor(Math.random() * N);
      clients[i]?.terminate();
      clients[i] = client(wsUrl, i);
    }
    console.log(label, JSON.stringify(await sample(url, child.pid)));
  };
  await sleep(10_000);
  const connect = await settledSample(url, child);
  console.log('connect', JSON.stringify(connect));
  for (let m = 1; m <= WARMUP_MINUTES; m++) await minute(`warm-up ${m}`);
  const start = await settledSample(url, child);
  console.log('start', JSON.stringify(start));
  for (let m = 1; m <= MINUTES; m++) await minute(`minute ${m}`);
  const end = await settledSample(url, child);
  console.log('end', JSON.stringify(end));
  console.log(`\nSoak: ${N} clients, 1 % churn per minute, node ${process.version}, ${nodeArgs.join(' ')}\n`);
  console.log(table(connect, start, end));
  for (const c of clients) c.terminate();
  child.kill('SIGTERM');
}

void main();
