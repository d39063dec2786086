import { setImmediate as immediate } from 'node:timers/promises';
import { vi } from 'vitest';

/**
 * Resolves once `condition()` is truthy, checking after each turn of the event loop; rejects
 * after `timeoutMs` of wall time. NOTE: uses setImmediate and performance.now, which
 * `vi.useFakeTimers({ toFake: [...] })` leaves real, so it works with fake timers and real sockets.
 */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await immediate();
  }
}

/**
 * Fake timers and Date at `now`, leaving setImmediate, nextTick and I/O real: venue tests drive
 * backoff, watchdogs and heartbeats in fake time while real sockets talk to a fake venue.
 */
export function useFakeClock(now: number): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now });
}
