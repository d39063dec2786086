/**
 * `npm run bench -- --clients 1000 --channels 10 --seconds 20 --trades-per-sec 30`
 * Starts the built BFF (and, with `--peer ws` / `--peer socket.io`, the peer servers on the same
 * simulated feed), connects N clients from child processes, each subscribed to K channels, and
 * prints delivered messages/s, latency (receive time − trade time), CPU and RSS per connection.
 * Comma lists (`--trades-per-sec 4,8,32,100`, `--sets rotation,random`) and `--runs 3` run every
 * combination back to back, servers interleaved, and print the medians and peer ratios.
 * `--cluster` also runs each combination through Redis, one ingest and two gateways (the clients
 * split across them) beside the one `ROLE=all` process, and prints both rows.
 */
import { INSTRUMENTS } from '@candlewire/market';
import { channel } from '@candlewire/protocol';
import { parseArgs } from 'node:util';
import type { Mix, Sets } from './channels';
import { singleTarget, startClusterTarget, type Target } from './cluster';
import { measure, type Measured } from './measure';
import { coldSubscribes, limitAnswer, percentile } from './probes';
import { PEERS, envPairs, startBuiltBff, startPeer, type Peer, type Started } from './start-bff';

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
    sets: { type: 'string', default: 'rotation' },
    'flush-ms': { type: 'string', default: '20' },
    env: { type: 'string', multiple: true, default: [] },
    'node-args': { type: 'string', default: '' },
    // NOTE: clients connect in this many equal steps, RSS is read after each, and RSS per
    // connection is the least-squares slope: one before/after difference is at GC's mercy.
    'rss-steps': { type: 'string', default: '4' },
    peer: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '1' },
    // Cold-subscribe and limit probes against the BFF after each of its runs.
    probes: { type: 'boolean', default: true },
    'no-probes': { type: 'boolean', default: false },
    // Redis + one ingest + two gateways, measured beside the single process in the same run.
    cluster: { type: 'boolean', default: false },
  },
});

type Server = 'candlewire' | 'cluster' | Peer;
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const N = Number(args.clients);
const K = Number(args.channels);
const rates = list(args['trades-per-sec']).map(Number);
const setsList = list(args.sets).map((s): Sets => (s === 'random' ? 'random' : 'rotation'));
const peers = args.peer.filter((p): p is Peer => p in PEERS);
const servers: Server[] = ['candlewire', ...(args.cluster ? (['cluster'] as const) : []), ...peers];
const isOurs = (server: Server): boolean => server === 'candlewire' || server === 'cluster';
const mix: Mix = args.mix === 'mixed' ? 'mixed' : 'trades';
const symbols = INSTRUMENTS.map((i) => i.symbol);
const probes = args.probes && !args['no-probes'];

interface Row extends Measured {
  server: Server;
  sets: Sets;
  rate: number;
  cold: string;
  limitMs: string;
}

async function start(server: Server, rate: number): Promise<Target> {
  // NOTE: the history worker's precomputation takes a core for ~90 s after start (longer on a
  // busy machine); the default 125 s server warm-up lets it finish before anything is measured.
  // Without the probes nothing needs it, so it is off unless `--env SIM_PRECOMPUTE=true`.
  const precompute = probes ? 'true' : 'false';
  const env = {
    SIM_TRADES_PER_SEC: String(rate),
    FLUSH_MS: args['flush-ms'],
    MAX_CONNECTIONS: String(N + 100),
    SIM_PRECOMPUTE: precompute,
    MAX_CONNECTIONS_PER_IP: '0',
    MAX_UPGRADES_PER_SECOND: '0',
    ...envPairs(args.env),
  };
  // NOTE: the same Node flags as `npm start` (node-flags.json), plus the bench's GC probe.
  const nodeArgs = ['--expose-gc', ...args['node-args'].split(' ').filter(Boolean)];
  if (server === 'cluster') return startClusterTarget(nodeArgs, env);
  return singleTarget(await (server === 'candlewire' ? startBuiltBff(nodeArgs, env) : startPeer(server, nodeArgs, env)));
}

/** Cold subscribes (1h and 1d candles nobody held, one at a time) and the time to SUBSCRIPTION_LIMIT of 205 channels. */
async function runProbes(s: Started): Promise<{ cold: string; limitMs: string }> {
  const wsUrl = `${s.url.replace('http', 'ws')}/ws`;
  const over = [
    ...(['1s', '1m', '5m', '15m'] as const).flatMap((i) => symbols.map((sym) => channel.candles(sym, i))),
    ...symbols.map((sym) => channel.quote(sym)),
  ].slice(0, 205);
  const limit = await limitAnswer(wsUrl, over);
  const ms = await coldSubscribes(
    wsUrl,
    (['1h', '1d'] as const).flatMap((i) => symbols.map((sym) => channel.candles(sym, i))),
  );
  const f = (x: number) => (Math.round(x * 10) / 10).toString();
  return { cold: `${f(percentile(ms, 0.5))}/${f(percentile(ms, 0.99))}/${f(Math.max(...ms))}`, limitMs: f(limit) };
}

const COLUMNS: [string, (r: Row) => string | number][] = [
  ['server', (r) => r.server],
  ['sets', (r) => r.sets],
  ['trades/s/sym', (r) => r.rate],
  ['offered msgs/s', (r) => N * K * r.rate],
  ['msgs/s', (r) => r.msgsPerSec],
  ['frames/s', (r) => r.framesPerSec],
  ['p50 ms', (r) => r.p50],
  ['p99 ms', (r) => r.p99],
  ['p99.9 ms', (r) => r.p999],
  ['quotes p50/p99', (r) => r.quotes],
  ['server CPU %', (r) => r.serverCpu],
  ['clients CPU %', (r) => r.clientsCpu],
  ['RSS/conn KB', (r) => r.rssPerConnKb],
  ['RSS/conn KB (end−start)', (r) => r.rssEndMinusStartKb],
  ['heap/conn KB', (r) => r.heapPerConnKb],
  ['RSS MB', (r) => r.rssMb],
  ['dropped', (r) => r.dropped],
  ['CPU % by process', (r) => r.cpuByProcess],
  ['cold subscribe p50/p99/max ms', (r) => r.cold],
  ['limit error ms', (r) => r.limitMs],
];
const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const header = () => `${line(COLUMNS.map(([name]) => name))}\n|${COLUMNS.map(() => '---').join('|')}|`;

/** The median row of a group: each numeric column's median (probes: the median run's). */
function medianRow(rows: Row[]): Row {
  const mid = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];
  const base = rows[0] as Row;
  const m = (key: keyof Measured) => mid(rows, (r) => Number(r[key]))?.[key] ?? base[key];
  const byCold = mid(rows, (r) => Number(r.cold.split('/')[1] ?? NaN)) ?? base;
  return {
    ...base,
    ...Object.fromEntries(
      (
        [
          'msgsPerSec',
          'framesPerSec',
          'p50',
          'p99',
          'p999',
          'serverCpu',
          'clientsCpu',
          'rssPerConnKb',
          'rssEndMinusStartKb',
          'heapPerConnKb',
          'rssMb',
          'dropped',
        ] as const
      ).map((k) => [k, m(k)]),
    ),
    cold: byCold.cold,
    limitMs: byCold.limitMs,
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const runs = Math.max(1, Number(args.runs));
  console.log(`command: npm run bench -- ${process.argv.slice(2).join(' ')}`);
  for (let run = 1; run <= runs; run++) {
    for (const rate of rates) {
      for (const sets of setsList) {
        for (const server of servers) {
          const s = await start(server, rate);
          const measured = await measure(s, {
            clients: N,
            channels: K,
            seconds: Number(args.seconds),
            warmup: Number(args.warmup),
            serverWarmup: Number(args['server-warmup']),
            procs: Number(args.procs),
            mix,
            sets,
            rssSteps: Number(args['rss-steps']),
            symbols,
            wire: server === 'socket.io' ? 'socket.io' : 'candlewire',
            primer: isOurs(server),
          });
          const probed =
            isOurs(server) && probes && s.gateways[0] !== undefined ? await runProbes(s.gateways[0]) : { cold: '-', limitMs: '-' };
          if (server === 'cluster') console.log(`cluster status: ${await clusterStatus(s)}`);
          await s.stop();
          const row: Row = { ...measured, ...probed, server, sets, rate };
          rows.push(row);
          console.log(`\nrun ${run}/${runs}\n${header()}\n${line(COLUMNS.map(([, f]) => f(row)))}`);
          console.log(`RSS KB by connections: ${row.readings}`);
        }
      }
    }
  }
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(`${r.rate}|${r.sets}|${r.server}`, [...(groups.get(`${r.rate}|${r.sets}|${r.server}`) ?? []), r]);
  const medians = [...groups.values()].map(medianRow);
  console.log(`\nmedians of ${runs} run(s), ${N} clients × ${K} channels, ${mix}\n${header()}`);
  for (const r of medians) console.log(line(COLUMNS.map(([, f]) => f(r))));
  if (args.cluster) printClusterRatios(medians);
  if (peers.length === 0) return;
  console.log(
    '\nratios peer ÷ candlewire (> 1: candlewire is better)\n| trades/s/sym | sets | peer | p50 | p99 | server CPU | CPU per delivered msg |\n|---|---|---|---|---|---|---|',
  );
  for (const ours of medians.filter((r) => r.server === 'candlewire')) {
    for (const theirs of medians.filter((r) => !isOurs(r.server) && r.rate === ours.rate && r.sets === ours.sets)) {
      const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(2));
      console.log(
        line([
          ours.rate,
          ours.sets,
          theirs.server,
          ratio(theirs.p50, ours.p50),
          ratio(theirs.p99, ours.p99),
          ratio(theirs.serverCpu, ours.serverCpu),
          ratio(theirs.serverCpu / theirs.msgsPerSec, ours.serverCpu / ours.msgsPerSec),
        ]),
      );
    }
  }
}

/** The ingest's and gateways' `/api/status` cluster objects (leader, publishes, errors, backfills): a row of 0 msgs/s says why. */
async function clusterStatus(t: Target): Promise<string> {
  const urls = [...t.others.flatMap((o) => (o.url === undefined ? [] : [o.url])), ...t.gateways.map((g) => g.url)];
  const read = async (url: string) => JSON.stringify(((await (await fetch(`${url}/api/status`)).json()) as { cluster?: unknown }).cluster);
  return (await Promise.all(urls.map((u) => read(u).catch((err: unknown) => String(err))))).join('\n  ');
}

/** What the cluster costs beside one process: its ratios to the single row of the same load. */
function printClusterRatios(medians: Row[]): void {
  console.log(
    '\ncluster ÷ single process (> 1: the cluster costs more)\n| trades/s/sym | sets | p50 | p99 | server CPU | CPU per delivered msg | RSS/conn |\n|---|---|---|---|---|---|---|',
  );
  const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(2));
  for (const one of medians.filter((r) => r.server === 'candlewire')) {
    const c = medians.find((r) => r.server === 'cluster' && r.rate === one.rate && r.sets === one.sets);
    if (c === undefined) continue;
    const perMsg = (r: Row) => r.serverCpu / r.msgsPerSec;
    console.log(
      line([
        one.rate,
        one.sets,
        ratio(c.p50, one.p50),
        ratio(c.p99, one.p99),
        ratio(c.serverCpu, one.serverCpu),
        ratio(perMsg(c), perMsg(one)),
        ratio(c.rssPerConnKb, one.rssPerConnKb),
      ]),
    );
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
