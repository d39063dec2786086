import type { SimProfile } from './profiles';
import { hashNormal, mix, unit } from './rng';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Periods of the value-noise octaves: 10 s × 3^j, j = 0…11 (10 s … ~20.5 days). */
const OCTAVE_PERIODS_MS: readonly number[] = Array.from({ length: 12 }, (_, j) => 10_000 * 3 ** j);

/**
 * Amplitude factor of the octaves. With knots of variance 1 and octave periods growing by
 * 3, an amplitude of κ·σ_d·√(P/1 d) per octave makes the daily log-return std ≈ σ_d.
 * NOTE: calibrated empirically (see the realism test), not derived in closed form: smoothstep
 * interpolation and the octave overlap both shave some variance off the textbook value.
 */
const KAPPA = 0.58;

/**
 * Jumps: a 50 % chance per UTC day per symbol (~22 a day over 44 symbols, about one an hour).
 * NOTE: the octaves carry the profile's daily volatility; jumps are extra fat tails on top
 * (they roughly double the variance of low-volatility names on days that have one).
 */
const JUMP_SLOT_MS = 24 * HOUR_MS;
const JUMP_PROBABILITY = 0.5;
/** Longest effect of a jump: ramp 90 s + hold 6 h + fade 4 h, rounded up to whole slots. */
const JUMP_LOOKBACK_SLOTS = Math.ceil((90_000 + 10 * HOUR_MS) / JUMP_SLOT_MS);

/** Hash streams (any distinct small integers). */
const STREAM_OCTAVE = 100;
const STREAM_JUMP = 200;

/** A deterministic price jump: a fast move that persists, then slowly fades. */
export interface Jump {
  /** Start of the move, epoch ms. */
  start: number;
  /** Duration of the move, ms (20–90 s). */
  rampMs: number;
  /** How long the new level holds after the move, ms (30 min – 6 h). */
  holdMs: number;
  /** How long the fade back takes, ms (1–4 h). */
  fadeMs: number;
  /** Size in log-price (±1.5 … 5 %). */
  logSize: number;
}

/** The fair price of one instrument as a pure function of time. */
export interface PricePath {
  /** Fair price at `ms` (not rounded to the tick). */
  price(ms: number): number;
  /** Jumps whose move starts in [fromMs, toMs), oldest first. */
  jumps(fromMs: number, toMs: number): Jump[];
  /** True when [fromMs, toMs) overlaps the fast move of a jump (toMs − fromMs ≤ 4 h). */
  inJumpMove(fromMs: number, toMs: number): boolean;
}

function smoothstep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/**
 * Creates the fair-price path of one instrument: multi-scale value noise in log-price
 * (random-walk-like amplitudes, so daily volatility matches the profile, mean-reverting
 * towards the reference price over months) plus sparse deterministic jumps.
 * `key` identifies (seed, symbol).
 */
export function createPricePath(key: number, profile: SimProfile): PricePath {
  const logRef = Math.log(profile.price);
  const amplitudes = OCTAVE_PERIODS_MS.map((period) => KAPPA * profile.dailyVol * Math.sqrt(period / DAY_MS));
  // NOTE: a tiny slot → jump cache; live and history walk time forward, so hits dominate.
  const jumpCache = new Map<number, Jump | null>();

  function jumpInSlot(slot: number): Jump | null {
    const cached = jumpCache.get(slot);
    if (cached !== undefined) return cached;
    let jump: Jump | null = null;
    if (unit(mix(key, STREAM_JUMP, slot)) < JUMP_PROBABILITY) {
      const u = (field: number): number => unit(mix(key, STREAM_JUMP + field, slot));
      const rampMs = Math.round(20_000 + 70_000 * u(1));
      const magnitude = 0.015 + 0.035 * u(2);
      const sign = u(3) < 0.5 ? -1 : 1;
      jump = {
        start: slot * JUMP_SLOT_MS + Math.floor((JUMP_SLOT_MS - rampMs) * u(4)),
        rampMs,
        holdMs: Math.round(30 * 60_000 + 5.5 * HOUR_MS * u(5)),
        fadeMs: Math.round(HOUR_MS + 3 * HOUR_MS * u(6)),
        logSize: sign * Math.log(1 + magnitude),
      };
    }
    if (jumpCache.size >= 512) jumpCache.clear();
    jumpCache.set(slot, jump);
    return jump;
  }

  function jumpEffect(ms: number): number {
    const last = Math.floor(ms / JUMP_SLOT_MS);
    let total = 0;
    for (let slot = last - JUMP_LOOKBACK_SLOTS; slot <= last; slot += 1) {
      const jump = jumpInSlot(slot);
      if (jump === null || ms <= jump.start) continue;
      const rise = smoothstep((ms - jump.start) / jump.rampMs);
      const fade = smoothstep((ms - jump.start - jump.rampMs - jump.holdMs) / jump.fadeMs);
      total += jump.logSize * rise * (1 - fade);
    }
    return total;
  }

  // NOTE: per-octave memo of the last knot pair: consecutive calls (history walks minutes in
  // order) reuse the knots of every octave longer than the step, which is most of them.
  const octaves = OCTAVE_PERIODS_MS.length;
  const knotK = new Float64Array(octaves).fill(Number.NaN);
  const knotA = new Float64Array(octaves);
  const knotB = new Float64Array(octaves);

  function noise(ms: number): number {
    let total = 0;
    for (let j = 0; j < octaves; j += 1) {
      const x = ms / (OCTAVE_PERIODS_MS[j] ?? 1);
      const k = Math.floor(x);
      if (knotK[j] !== k) {
        knotA[j] = knotK[j] === k - 1 ? (knotB[j] ?? 0) : hashNormal(mix(key, STREAM_OCTAVE + j, k));
        knotB[j] = hashNormal(mix(key, STREAM_OCTAVE + j, k + 1));
        knotK[j] = k;
      }
      const a = knotA[j] ?? 0;
      const b = knotB[j] ?? 0;
      total += (amplitudes[j] ?? 0) * (a + (b - a) * smoothstep(x - k));
    }
    return total;
  }

  return {
    price: (ms) => Math.exp(logRef + noise(ms) + jumpEffect(ms)),
    jumps(fromMs, toMs) {
      const found: Jump[] = [];
      for (let slot = Math.floor(fromMs / JUMP_SLOT_MS); slot * JUMP_SLOT_MS < toMs; slot += 1) {
        const jump = jumpInSlot(slot);
        if (jump !== null && jump.start >= fromMs && jump.start < toMs) found.push(jump);
      }
      return found;
    },
    inJumpMove(fromMs, toMs) {
      const last = Math.floor(toMs / JUMP_SLOT_MS);
      for (let slot = last - 1; slot <= last; slot += 1) {
        const jump = jumpInSlot(slot);
        if (jump !== null && fromMs < jump.start + jump.rampMs && toMs > jump.start) return true;
      }
      return false;
    },
  };
}
