import type { CandlewireClient, ClientOptions } from './types';

/** First reconnect delay cap (full jitter: random(0, min(cap, base·2^n))). */
export const RECONNECT_BASE_MS = 500;
/** Largest reconnect delay. */
export const RECONNECT_CAP_MS = 20_000;

/** Full-jitter backoff delay for reconnect `attempt` (0-based). */
export function backoffDelay(attempt: number, random: () => number = Math.random, base = RECONNECT_BASE_MS, cap = RECONNECT_CAP_MS): number {
  return random() * Math.min(cap, base * 2 ** attempt);
}

/** Creates a client (STUB: being implemented). */
export function createClient(_options: ClientOptions): CandlewireClient {
  throw new Error('not implemented yet');
}
