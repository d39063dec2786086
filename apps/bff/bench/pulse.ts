/**
 * `npm run bench:pulse -w @candlewire/bff -- --trades-per-sec 30 --seconds 15 --runs 3`
 * The cost of the market pulse: the built BFF's CPU at the same simulated load (same seed, same
 * trades/s) with one client connected and subscribed to nothing, then to `markets` + `alerts`.
 * Modes alternate, each run on a fresh process; the table shows the median over runs.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { channel, type Channel } from '@candlewire/protocol';
import WebSocket from 'ws';
import { envPairs, startBuiltBff } from './start-bff';

const { values: args } = parseArgs({
  options: {
    'trades-per-sec': { type: 'string', default: '30' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    env: { type: 'string', multiple: true, default: [] },
  },
});
const TPS = Number(args['trades-per-sec']);
const T = Number(args.seconds);
const RUNS = Math.max(1, Number(args.runs));
const MARKETS = channel.markets();
const ALERTS = channel.alerts();
const MODES: Record<'idle' | 'pulse', Channel[]> = { idle: [], pulse: [MARKETS, ALERTS] };
type Mode = keyof typeof MODES;

const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function startBff(): Promise<{ child: ChildProcess; url: string }> {
  return startBuiltBff([], { SIM_SEED: 'pulse-bench', SIM_TRADES_PER_SEC: String(TPS), ...envPairs(args.env) });
}

/** One run of one mode: CPU share of the BFF over T seconds, and what the client received. */
async function measure(mode: Mode): Promise<{ cpu: number; markets: number; alerts: number }> {
  const { child, url } = await startBff();
  // NOTE: the BFF's warnings (pino, stdout) are shown; an early exit fails the run loudly.
  child.stdout?.on('data', (d: Buffer) => {
    for (const line of String(d).split('\n')) if (line.startsWith('{')) process.stderr.write(`${line}\n`);
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => void (exited = `BFF exited early: code ${code} signal ${signal}`));
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  await new Promise((ok) => ws.once('open', ok));
  const counts = { markets: 0, alerts: 0 };
  let counting = false;
  ws.on('message', (data: Buffer) => {
    if (!counting) return;
    const text = data.toString('utf8');
    counts.markets += text.split(`"channel":${JSON.stringify(MARKETS)},"seq"`).length - 1;
    counts.alerts += text.split(`"channel":${JSON.stringify(ALERTS)},"seq"`).length - 1;
  });
  if (MODES[mode].length > 0) ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels: MODES[mode] }));
  await sleep(Number(args.warmup) * 1000);
  const pid = child.pid ?? 0;
  const cpu0 = cpuTicks(pid);
  const t0 = performance.now();
  counting = true;
  await sleep(T * 1000);
  if (exited !== null) throw new Error(exited);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (cpuTicks(pid) - cpu0) / ticks / elapsed;
  ws.terminate();
  child.kill('SIGTERM');
  await new Promise((ok) => child.once('exit', ok));
  return { cpu, markets: counts.markets / elapsed, alerts: (counts.alerts / elapsed) * 60 };
}

async function main(): Promise<void> {
  const symbols = 44;
  const results: Record<Mode, { cpu: number; markets: number; alerts: number }[]> = { idle: [], pulse: [] };
  for (let run = 0; run < RUNS; run++) {
    // NOTE: alternate the order so drift of the shared machine does not favour one mode.
    const order: Mode[] = run % 2 === 0 ? ['idle', 'pulse'] : ['pulse', 'idle'];
    for (const mode of order) {
      let r;
      try {
        r = await measure(mode);
      } catch (err) {
        process.stderr.write(`run ${run + 1}/${RUNS} ${mode}: ${(err as Error).message}; once more\n`);
        r = await measure(mode);
      }
      results[mode].push(r);
      process.stderr.write(`run ${run + 1}/${RUNS} ${mode}: CPU ${(r.cpu * 100).toFixed(1)} %\n`);
    }
  }
  const row = (mode: Mode, label: string) => {
    const rs = results[mode];
    return `| ${label} | ${TPS * symbols} | ${(median(rs.map((r) => r.cpu)) * 100).toFixed(1)} | ${rs.map((r) => (r.cpu * 100).toFixed(1)).join(' / ')} | ${median(rs.map((r) => r.markets)).toFixed(2)} | ${median(rs.map((r) => r.alerts)).toFixed(1)} |`;
  };
  console.log(`\ncommand: npm run bench:pulse -w @candlewire/bff -- ${process.argv.slice(2).join(' ')}`);
  console.log('| subscribers | trades/s (all symbols) | BFF CPU % (median) | runs | markets updates/s | alerts/min |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('idle', 'none (1 idle client)'));
  console.log(row('pulse', '1 client on markets + alerts'));
  process.exit(0);
}

void main();
