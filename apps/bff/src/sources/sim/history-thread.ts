import { Worker } from 'node:worker_threads';
import type { CandleState, EmptyBucketPolicy, Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { SimSessions } from './intensity';

/** What the history worker is started with (plain data: it builds its own models). */
export interface HistoryWorkerData {
  seed: number | string;
  sessions: SimSessions;
  emptyBuckets: EmptyBucketPolicy;
  tradesPerSec: number | undefined;
  instruments: readonly Instrument[];
  /** Directory of the precomputed history's disk cache; null: none. */
  cacheDir: string | null;
  /** Ranges to precompute at start, in order: `seconds` back from now, per symbol. */
  warm: { interval: Interval; seconds: number }[];
}

/** One history request to the worker. */
export interface HistoryRequest {
  id: number;
  symbol: string;
  interval: Interval;
  fromSec: number;
  untilMs: number;
}

/** The worker's answer to one request. */
export type HistoryReply = { id: number; candles: CandleState[] } | { id: number; error: string };

/** What the worker's start-up precomputation did. */
export interface WarmReport {
  /** Chunks taken from the disk cache (0 without one, or when it did not check out). */
  restored: number;
}

/** The history worker as seen from the main thread. */
export interface HistoryThread {
  /** The history, computed in the worker; null when the worker is gone (compute it here instead). */
  history(request: Omit<HistoryRequest, 'id'>): Promise<CandleState[] | null>;
  /** Resolves once the precomputation is done (restored 0 when the worker is gone). */
  warmed: Promise<WarmReport>;
  stop(): Promise<void>;
}

/**
 * The worker: the bundle's `sim-history-worker.js` beside `main.js`, or, when running from
 * source (tsx, Vitest), the TypeScript file through tsx's loader. NOTE: `--import tsx` in a
 * worker's execArgv does not reach its entry module on Node 20, so a small script registers the
 * loader in the worker first and then imports the entry.
 */
function spawnWorker(data: HistoryWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sim-history-worker.js', import.meta.url), { workerData: data });
  const entry = new URL('./history-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * Starts the history worker. NOTE: a failed or crashed worker is not fatal: its pending and
 * later requests answer null and the source computes history on its own thread, as before.
 */
export function startHistoryThread(data: HistoryWorkerData): HistoryThread {
  const worker = spawnWorker(data);
  // NOTE: the worker must not keep the process alive (the HTTP server does).
  worker.unref();
  const pending = new Map<number, (candles: CandleState[] | null, error?: string) => void>();
  let nextId = 1;
  let alive = true;
  let warmedResolve: (report: WarmReport) => void = () => undefined;
  const warmed = new Promise<WarmReport>((resolve) => (warmedResolve = resolve));
  const gone = (): void => {
    alive = false;
    for (const settle of pending.values()) settle(null);
    pending.clear();
    warmedResolve({ restored: 0 });
  };
  worker.on('message', (msg: HistoryReply | { warmed: WarmReport }) => {
    if ('warmed' in msg) return warmedResolve(msg.warmed);
    const settle = pending.get(msg.id);
    pending.delete(msg.id);
    if ('error' in msg) settle?.(null, msg.error);
    else settle?.(msg.candles);
  });
  worker.on('error', gone);
  worker.on('exit', gone);
  return {
    history(request) {
      if (!alive) return Promise.resolve(null);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, (candles, error) => (error === undefined ? resolve(candles) : reject(new Error(error))));
        worker.postMessage({ ...request, id });
      });
    },
    warmed,
    async stop() {
      alive = false;
      await worker.terminate();
    },
  };
}
