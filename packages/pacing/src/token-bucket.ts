/**
 * The one token bucket of the house: the venues' outgoing frames, the SDK's send queue and the
 * gateway's inbound rate limit. `TokenState` is plain data (one small object per connection, no
 * closure) stepped by `takeToken` / `tokenWaitMs`; `createTokenBucket` wraps one with a clock.
 */

/** A token bucket's state: tokens available at time `at` (epoch ms). */
export interface TokenState {
  tokens: number;
  at: number;
}

/** A bucket's shape: `ratePerSec` tokens added per second, at most `burst` held. */
export interface TokenRate {
  ratePerSec: number;
  burst: number;
}

// NOTE: a small epsilon absorbs float drift (0.1 + 0.2 style) so a token due at t is available at t.
const EPSILON = 1e-9;

/** A full bucket at `at`. */
export function fullTokens(rate: TokenRate, at: number): TokenState {
  if (!(rate.ratePerSec > 0) || !(rate.burst >= 1)) throw new RangeError('token bucket needs ratePerSec > 0 and burst >= 1');
  return { tokens: rate.burst, at };
}

/** Adds the tokens earned since `state.at` (a clock going back earns nothing); returns the tokens now. */
export function refillTokens(state: TokenState, rate: TokenRate, now: number): number {
  if (now > state.at) state.tokens = Math.min(rate.burst, state.tokens + ((now - state.at) * rate.ratePerSec) / 1000);
  state.at = Math.max(state.at, now);
  return state.tokens;
}

/** Takes one token at `now` if available; false = wait `tokenWaitMs` and retry. */
export function takeToken(state: TokenState, rate: TokenRate, now: number): boolean {
  if (refillTokens(state, rate, now) < 1 - EPSILON) return false;
  state.tokens = Math.max(0, state.tokens - 1);
  return true;
}

/** Ms from `now` until `count` tokens are available (0 = now). */
export function tokenWaitMs(state: TokenState, rate: TokenRate, now: number, count = 1): number {
  const missing = count - refillTokens(state, rate, now);
  return missing <= EPSILON ? 0 : Math.ceil((missing * 1000) / rate.ratePerSec);
}

/** Options of a token bucket. */
export interface TokenBucketOptions extends TokenRate {
  /** Clock, ms (default Date.now). */
  now?: () => number;
}

/** A token bucket pacing outgoing messages: any window of t seconds sees at most burst + rate·t takes. */
export interface TokenBucket {
  /** Takes one token if available; false = wait `waitMs()` and retry. */
  take(): boolean;
  /** Ms until `count` (default 1) tokens are available (0 = now). */
  waitMs(count?: number): number;
  /** Tokens available now (fractional). */
  available(): number;
}

/** Creates a token bucket, full at creation. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const now = options.now ?? Date.now;
  const rate: TokenRate = { ratePerSec: options.ratePerSec, burst: options.burst };
  const state = fullTokens(rate, now());
  return {
    take: () => takeToken(state, rate, now()),
    waitMs: (count = 1) => tokenWaitMs(state, rate, now(), count),
    available: () => refillTokens(state, rate, now()),
  };
}
