import { fullJitterDelay } from '@candlewire/pacing';

/** Base of the reconnect backoff: the first retry waits random(0, base). */
export const RECONNECT_BASE_MS = 500;
/** Largest reconnect delay. */
export const RECONNECT_CAP_MS = 20_000;

/** Full-jitter backoff delay for reconnect `attempt` (0-based): random(0, min(cap, base·2^attempt)), the venues' `fullJitterDelay`. */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  base = RECONNECT_BASE_MS,
  cap = RECONNECT_CAP_MS,
): number {
  return fullJitterDelay(attempt, { baseMs: base, capMs: cap, random });
}
