/**
 * Worker thread of the simulation's candle history: the same deterministic models as the main
 * thread (same seed, same options, so the same candles), computing history off the event loop
 * and precomputing every symbol's `1h` and `1d` history at start (built to
 * `dist/sim-history-worker.js`; see history-thread.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { createHistoryBuilder } from './history';
import { chunksMatch, historyCachePath, readHistoryCache, writeHistoryCache } from './history-cache';
import { createMinuteModel, type MinuteModel } from './minute-model';
import { hashSeed } from './rng';
import type { HistoryReply, HistoryRequest, HistoryWorkerData } from './history-thread';

const data = workerData as HistoryWorkerData;
const seedHash = hashSeed(data.seed);
const models = new Map<string, MinuteModel>(
  data.instruments.map((instrument) => [
    instrument.symbol,
    createMinuteModel({ seedHash, instrument, sessions: data.sessions, tradesPerSec: data.tradesPerSec }),
  ]),
);
const builder = createHistoryBuilder({ sessions: data.sessions, emptyBuckets: data.emptyBuckets });
const port = parentPort;
/** Intervals whose complete chunks go to the disk cache (what the precomputation covers). */
const CACHED = ['1h', '1d'] as const;

/** The code computing the history (this bundle), part of the cache file's name. */
function ownCode(): string {
  try {
    return readFileSync(fileURLToPath(import.meta.url), 'utf8');
  } catch {
    return '';
  }
}

const cachePath =
  data.cacheDir === null
    ? null
    : historyCachePath(data.cacheDir, {
        seed: data.seed,
        sessions: data.sessions,
        emptyBuckets: data.emptyBuckets,
        tradesPerSec: data.tradesPerSec,
        symbols: data.instruments.map((i) => i.symbol),
        code: ownCode(),
      });

/** Adopts the chunks of an earlier run's cache file once a sample of them checks out; returns how many. */
async function restore(): Promise<number> {
  if (cachePath === null) return 0;
  const chunks = readHistoryCache(cachePath);
  if (!(await chunksMatch(builder, models, chunks))) return 0;
  builder.adopt(chunks);
  return chunks.length;
}

/** Writes the precomputed chunks for the next start. NOTE: a read-only disk only costs the next start its speed. */
function persist(): void {
  if (cachePath === null || data.cacheDir === null) return;
  try {
    writeHistoryCache(cachePath, data.cacheDir, builder.chunks(CACHED));
  } catch {
    // the cache is an optimisation: without it the next start computes again
  }
}

let active = 0;
let idle: (() => void) | null = null;

async function answer(req: HistoryRequest): Promise<HistoryReply> {
  const model = models.get(req.symbol);
  if (model === undefined) return { id: req.id, error: `sim source: unknown symbol ${req.symbol}` };
  active++;
  try {
    return { id: req.id, candles: await builder.history(model, req.interval, req.fromSec, req.untilMs) };
  } catch (err) {
    return { id: req.id, error: err instanceof Error ? err.message : String(err) };
  } finally {
    active--;
    if (active === 0) idle?.();
  }
}

/** Resolves once no request is being answered: requests go first, precomputation fills the gaps. */
function requestsDone(): Promise<void> {
  return active === 0 ? Promise.resolve() : new Promise((resolve) => (idle = resolve));
}

const DAY_MS = 86_400_000;
/** Days per precomputation step (a step is a few tens of ms: requests wait at most that). */
const STEP_DAYS = 10;

/**
 * Precomputes the ranges the BFF's snapshots ask for, oldest first in steps of whole UTC days, so
 * the complete chunks land in the builder's cache.
 */
async function warm(): Promise<void> {
  const restored = await restore();
  const now = Date.now();
  for (const { interval, seconds } of data.warm) {
    for (const model of models.values()) {
      for (let from = Math.floor((now - seconds * 1000) / DAY_MS) * DAY_MS; from < now; from += STEP_DAYS * DAY_MS) {
        await requestsDone();
        await builder.history(model, interval, from / 1000, Math.min(now, from + STEP_DAYS * DAY_MS));
      }
    }
  }
  persist();
  port?.postMessage({ warmed: { restored } });
}

port?.on('message', (req: HistoryRequest) => {
  void answer(req).then((reply) => port.postMessage(reply));
});
void warm();
