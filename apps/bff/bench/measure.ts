/**
 * One bench measurement against one target (one server, or a cluster's gateways): clients connect
 * in steps (RSS read after each), stream for T seconds, then report delivered messages/s,
 * latency, CPU and memory. A cluster's clients are split across its gateways; its server CPU is
 * every process's (gateways, ingest, Redis), its memory the gateways'.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { channelsFor, type Mix, type Sets } from './channels';
import type { Wire } from './clients';
import { createHistogram, merge, quantile, type LatencyHistogram } from './histogram';
import type { Target } from './cluster';
import type { Started } from './start-bff';

const here = dirname(fileURLToPath(import.meta.url));

/** What one measurement runs. */
export interface MeasureParams {
  clients: number;
  channels: number;
  seconds: number;
  warmup: number;
  serverWarmup: number;
  procs: number;
  mix: Mix;
  sets: Sets;
  rssSteps: number;
  symbols: string[];
  wire: Wire;
  /** Hold every channel on one extra connection from the start (the BFF's history fills). */
  primer: boolean;
}

/** The measured numbers of one run. */
export interface Measured {
  msgsPerSec: number;
  framesPerSec: number;
  p50: number;
  p99: number;
  p999: number;
  quotes: string;
  serverCpu: number;
  clientsCpu: number;
  rssPerConnKb: number;
  rssEndMinusStartKb: number;
  heapPerConnKb: number;
  rssMb: number;
  dropped: number;
  readings: string;
  /** CPU % of each process of the target. */
  cpuByProcess: string;
}

const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};
const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round1 = (x: number) => Math.round(x * 10) / 10;

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
export function leastSquaresSlope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

/** RSS after a full GC the bench asks for (SIGUSR2; servers run with --expose-gc), median of three, and the V8 heap when /metrics has it. */
async function rssAfterGc(server: Started): Promise<{ rss: number; heapUsed: number; note: string }> {
  const pid = server.child.pid ?? 0;
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) {
    server.child.kill('SIGUSR2');
    // NOTE: long enough for the collector to return freed pages, short enough that little new
    // garbage (300k messages/s allocate fast) has piled up since.
    await sleep(400);
    xs.push(rssKb(pid));
  }
  const text = await fetch(`${server.url}/metrics`).then(
    (r) => (r.ok ? r.text() : ''),
    () => '',
  );
  const gauge = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1024);
  const used = gauge('nodejs_heap_size_used_bytes');
  return {
    rss: median(xs),
    heapUsed: used,
    note: Number.isNaN(used) ? '' : `heap used/total ${used}/${gauge('nodejs_heap_size_total_bytes')} KB`,
  };
}

/** RSS and heap of every gateway of `target`, summed. */
async function targetRss(target: Target): Promise<{ rss: number; heapUsed: number; note: string }> {
  const each = await Promise.all(target.gateways.map(rssAfterGc));
  const sum = (key: 'rss' | 'heapUsed') => each.reduce((a, r) => a + r[key], 0);
  return { rss: sum('rss'), heapUsed: sum('heapUsed'), note: each.map((r) => r.note).join('; ') };
}

const wsOf = (s: Started): string => `${s.url.replace('http', 'ws')}/ws`;

/**
 * NOTE: one primer connection per gateway holds every channel the clients will use from the
 * start, so their history (kept while someone listens) is full before the baseline: per-channel
 * memory is not per-connection memory.
 */
async function openPrimers(target: Target, p: MeasureParams): Promise<WebSocket[]> {
  const union = new Set(Array.from({ length: p.clients }, (_, i) => channelsFor(i, p.channels, p.symbols, p.mix, p.sets)).flat());
  return Promise.all(
    target.gateways.map(async (g) => {
      const ws = new WebSocket(wsOf(g));
      await new Promise((ok) => ws.once('open', ok));
      ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels: [...union] }));
      return ws;
    }),
  );
}

/** Every process of `target` with its pid. */
const processesOf = (target: Target): { name: string; pid: number }[] => [
  ...target.gateways.map((g, i) => ({ name: target.gateways.length === 1 ? 'server' : `gateway-${i + 1}`, pid: g.child.pid ?? 0 })),
  ...target.others,
];

/** Runs the clients against `target` and measures. */
export async function measure(target: Target, p: MeasureParams): Promise<Measured> {
  // NOTE: worker i connects to gateway i mod n: at least one worker per gateway.
  const procs = Math.max(1, target.gateways.length, Math.min(p.clients, p.procs));
  const primers = p.primer ? await openPrimers(target, p) : [];
  await sleep(p.serverWarmup * 1000);
  const readings = [await targetRss(target)];
  const points: [number, number][] = [[0, readings[0]?.rss ?? 0]];
  const workers = Array.from({ length: procs }, () => fork(resolve(here, 'clients.ts'), [], { execArgv: ['--import', 'tsx'] }));
  const per = Math.ceil(p.clients / procs);
  const steps = Math.max(1, p.rssSteps);
  const opened = workers.map(() => 0);
  for (let step = 1; step <= steps; step++) {
    await Promise.all(
      workers.map((w, i) => {
        const share = Math.max(0, Math.min(per, p.clients - i * per));
        const count = Math.round((share * step) / steps) - (opened[i] ?? 0);
        const first = i * per + (opened[i] ?? 0);
        opened[i] = (opened[i] ?? 0) + count;
        const start = {
          cmd: 'open',
          url: wsOf(target.gateways[i % target.gateways.length] ?? target.gateways[0]!),
          wire: p.wire,
          first,
          count,
          channels: p.channels,
          symbols: p.symbols,
          mix: p.mix,
          sets: p.sets,
        };
        return request(w, start, 'opened');
      }),
    );
    if (steps > 1) {
      await sleep(2000); // subscribe snapshots settle
      const r = await targetRss(target);
      readings.push(r);
      points.push([opened.reduce((a, b) => a + b, 0), r.rss]);
    }
  }
  await sleep(p.warmup * 1000);
  for (const w of workers) w.send({ cmd: 'measure' });
  const processes = processesOf(target);
  const cpu0 = processes.map((x) => cpuTicks(x.pid));
  const clientCpu0 = workers.map((w) => cpuTicks(w.pid ?? 0));
  const t0 = performance.now();
  await sleep(p.seconds * 1000);
  type Report = { messages: number; frames: number; hist: LatencyHistogram; quoteHist: LatencyHistogram; closed: number };
  const reports = await Promise.all(workers.map((w) => request<Report>(w, { cmd: 'report' }, 'report')));
  const elapsed = (performance.now() - t0) / 1000;
  const cpus = processes.map((x, i) => (cpuTicks(x.pid) - (cpu0[i] ?? 0)) / ticks / elapsed);
  const cpu = cpus.reduce((a, b) => a + b, 0);
  const clientCpu = workers.reduce((sum, w, i) => sum + cpuTicks(w.pid ?? 0) - (clientCpu0[i] ?? 0), 0) / ticks / elapsed;
  const end = await targetRss(target); // clients still connected and streaming
  readings.push(end);
  points.push([p.clients, end.rss]);
  const hist = createHistogram();
  const quoteHist = createHistogram();
  let messages = 0;
  let frames = 0;
  let dropped = 0;
  for (const r of reports) {
    merge(hist, r.hist);
    merge(quoteHist, r.quoteHist);
    messages += r.messages;
    frames += r.frames;
    dropped += r.closed;
  }
  for (const w of workers) w.send({ cmd: 'exit' });
  for (const primer of primers) primer.terminate();
  const first = readings[0]?.rss ?? 0;
  return {
    msgsPerSec: Math.round(messages / elapsed),
    framesPerSec: Math.round(frames / elapsed),
    p50: quantile(hist, 0.5),
    p99: quantile(hist, 0.99),
    p999: quantile(hist, 0.999),
    quotes: p.mix === 'mixed' ? `${quantile(quoteHist, 0.5)}/${quantile(quoteHist, 0.99)}` : '-',
    serverCpu: Math.round(cpu * 100),
    clientsCpu: Math.round(clientCpu * 100),
    rssPerConnKb: round1(leastSquaresSlope(points)),
    rssEndMinusStartKb: round1((end.rss - first) / p.clients),
    // NOTE: the step readings only (the last one, after the measurement, is at the same N).
    heapPerConnKb: round1(leastSquaresSlope(points.slice(0, -1).map(([n], i) => [n, readings[i]?.heapUsed ?? NaN]))),
    rssMb: Math.round(end.rss / 1024),
    dropped,
    cpuByProcess: processes.map((x, i) => `${x.name} ${Math.round((cpus[i] ?? 0) * 100)}`).join(', '),
    readings: points.map(([n, kb], i) => `${n}:${kb}${readings[i]?.note ? ` (${readings[i]?.note})` : ''}`).join(', '),
  };
}
