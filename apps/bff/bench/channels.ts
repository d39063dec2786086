import { channel, type Channel } from '@candlewire/protocol';

/** Which channels the bench subscribes: `trades` only, or trades, quotes and 1 s candles. */
export type Mix = 'trades' | 'mixed';
/** How clients pick their symbols: `rotation` (about N·K/44 clients share each set) or `random` (each its own). */
export type Sets = 'rotation' | 'random';

/** Channel kinds per mix. */
const KINDS = { trades: ['trades'], mixed: ['trades', 'quote', 'candles:1s'] } as const;

/** A small seeded generator (mulberry32), so every server gets the same random sets. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The symbols of client `i`: a rotation (shared sets, as watchlists often are) or a random K of them. */
function symbolsFor(i: number, k: number, symbols: readonly string[], sets: Sets): string[] {
  if (sets === 'rotation') return Array.from({ length: k }, (_, j) => symbols[(i * 7 + j) % symbols.length] ?? 'AAPL');
  const next = random(i + 1);
  const pool = [...symbols];
  // NOTE: a partial Fisher–Yates shuffle: K distinct symbols, uniformly.
  for (let j = 0; j < Math.min(k, pool.length); j++) {
    const pick = j + Math.floor(next() * (pool.length - j));
    [pool[j], pool[pick]] = [pool[pick] ?? '', pool[j] ?? ''];
  }
  return Array.from({ length: k }, (_, j) => pool[j % pool.length] ?? 'AAPL');
}

/** The K channels of client `i`. */
export function channelsFor(i: number, k: number, symbols: readonly string[], mix: Mix, sets: Sets = 'rotation'): Channel[] {
  const kinds = KINDS[mix];
  return symbolsFor(i, k, symbols, sets).map((symbol, j) => {
    const kind = kinds[j % kinds.length] ?? 'trades';
    return kind === 'candles:1s' ? channel.candles(symbol, '1s') : kind === 'quote' ? channel.quote(symbol) : channel.trades(symbol);
  });
}
