/**
 * Integer hashing and a small fast PRNG: the only source of randomness of the simulator.
 * NOTE: everything is keyed by (seed, symbol, stream, index) so any slot of the simulated
 * market can be computed on its own, in any order, without replaying what came before.
 */

/** Murmur3's 32-bit finalizer: a cheap, well-mixing bijection on uint32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a hash of a string, finalized with fmix32. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Hash of a seed given as a number or a string (`42` and `'42'` are the same seed). */
export function hashSeed(seed: number | string): number {
  return hashString(`candlewire-sim:${String(seed)}`);
}

/**
 * Mixes a key (already hashed) with a stream id and a non-negative integer index into one
 * uint32. Indexes up to 2^53 are accepted (their high bits are folded in).
 */
export function mix(key: number, stream: number, index: number): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 4294967296) >>> 0;
  let h = fmix32((key ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
  h = fmix32((h ^ lo) >>> 0);
  h = fmix32((h ^ Math.imul(hi + 0x632be5ab, 0x27d4eb2f)) >>> 0);
  return h;
}

/** A uint32 hash mapped to a uniform double in [0, 1). */
export function unit(hash: number): number {
  return hash / 4294967296;
}

/**
 * A cheap approximately standard-normal value from one uint32: the sum of its four bytes
 * (Irwin–Hall), rescaled to variance 1. Bounded to about ±3.4.
 * NOTE: used for noise knots, where millions of evaluations matter more than tails.
 */
export function hashNormal(hash: number): number {
  const sum = (hash & 0xff) + ((hash >>> 8) & 0xff) + ((hash >>> 16) & 0xff) + (hash >>> 24);
  // Four uniform bytes: mean 4 × 127.5, variance 4 × (256² − 1) / 12.
  return (sum - 510) / 147.79;
}

/** A small fast PRNG (sfc32) with the draws the simulator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | null = null;

  /** Seeds the generator from one uint32 (expanded with splitmix-like steps). */
  constructor(seed: number) {
    this.a = fmix32(seed ^ 0x9e3779b9);
    this.b = fmix32(seed ^ 0x243f6a88);
    this.c = fmix32(seed ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 8; i += 1) this.nextU32();
  }

  /** Next uint32. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform double in (0, 1]: safe for logarithms. */
  nextOpen(): number {
    return (this.nextU32() + 1) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform double in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const r = Math.sqrt(-2 * Math.log(this.nextOpen()));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.nextOpen());
  }

  /**
   * Poisson count with mean `lambda`: exact inversion below 40, a rounded normal above.
   * NOTE: the normal approximation is within a fraction of a percent at λ ≥ 40, and keeps
   * the number of draws per minute fixed (two) however busy the minute is.
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda >= 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const u = this.next();
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    while (u > cdf && k < 200) {
      k += 1;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }
}
