/**
 * A disk cache of the simulation's precomputed candle history (complete `1h` and `1d` chunks),
 * so a restart serves cold `1d` snapshots at once instead of recomputing 500 days per symbol.
 * NOTE: the history is a pure function of the seed, the options and the model code: the file is
 * named by a hash of all three, and on load a few chunks are recomputed and compared, so a
 * changed model can never serve candles of the old one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CandleState } from '@candlewire/market';
import type { Chunk, HistoryBuilder } from './history';
import type { MinuteModel } from './minute-model';

/** Bump when the file's shape changes. */
const FORMAT = 1;
/** Chunks recomputed and compared when a file is loaded. */
const CHECKED_CHUNKS = 4;

/** What the history depends on, besides the code. */
export interface HistoryIdentity {
  seed: number | string;
  sessions: string;
  emptyBuckets: string;
  tradesPerSec: number | undefined;
  symbols: readonly string[];
  /** Text of the code that computes it (the worker bundle); changes name a new file. */
  code: string;
}

interface CacheFile {
  format: number;
  chunks: [string, CandleState[], number | null][];
}

/** The cache file for `identity` in `dir`. */
export function historyCachePath(dir: string, identity: HistoryIdentity): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ ...identity, format: FORMAT }))
    .digest('hex')
    .slice(0, 20);
  return join(dir, `sim-history-${hash}.json`);
}

/** Reads the chunks of `path`; empty when there is no readable file of this format. */
export function readHistoryCache(path: string): [string, Chunk][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  if (!isCacheFile(parsed)) return [];
  return parsed.chunks.map(([key, candles, lastClose]) => [key, { candles, lastClose }]);
}

function isCacheFile(v: unknown): v is CacheFile {
  return typeof v === 'object' && v !== null && 'format' in v && v.format === FORMAT && 'chunks' in v && Array.isArray(v.chunks);
}

/** Writes the chunks to `path` atomically (a temporary file renamed over it). */
export function writeHistoryCache(path: string, dir: string, chunks: readonly [string, Chunk][]): void {
  mkdirSync(dir, { recursive: true });
  const file: CacheFile = { format: FORMAT, chunks: chunks.map(([key, c]) => [key, c.candles, c.lastClose]) };
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(file));
  renameSync(temp, path);
}

/**
 * True when a sample of `chunks` (spread over the list) equals what the models compute now.
 * NOTE: JSON comparison: the cached candles went through JSON, so compare them the same way.
 */
export async function chunksMatch(
  builder: HistoryBuilder,
  models: ReadonlyMap<string, MinuteModel>,
  chunks: readonly [string, Chunk][],
): Promise<boolean> {
  if (chunks.length === 0) return false;
  const step = Math.max(1, Math.floor(chunks.length / CHECKED_CHUNKS));
  for (let i = chunks.length - 1; i >= 0; i -= step) {
    const [key, chunk] = chunks[i] ?? ['', null];
    const model = models.get(key.split('|')[0] ?? '');
    const fresh = model === undefined ? null : await builder.recompute(model, key);
    if (fresh === null || JSON.stringify(fresh) !== JSON.stringify(chunk)) return false;
  }
  return true;
}
