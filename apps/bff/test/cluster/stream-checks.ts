/** Checks on the streams clients received, shared by the cluster tests. */
import { setImmediate as immediate } from 'node:timers/promises';
import { expect } from 'vitest';
import { TRADE_ID_STRIDE } from '../../src/sources/sim';

/** Resolves once `check()` resolves true (re-checked after each event-loop turn). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await immediate();
  }
}

/** Seqs that go up by one: no gap, no duplicate. */
export function expectConsecutive(seqs: readonly number[]): void {
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
}

/** The simulation's trade ids (`minute * TRADE_ID_STRIDE + i`) with none missing: every trade reached the client. */
export function expectEveryTrade(ids: readonly number[]): void {
  const missing = ids.slice(1).flatMap((id, i) => {
    const prev = ids[i] ?? 0;
    const nextMinute = Math.floor(id / TRADE_ID_STRIDE) > Math.floor(prev / TRADE_ID_STRIDE) && id % TRADE_ID_STRIDE === 0;
    return id === prev + 1 || nextMinute ? [] : [[prev, id]];
  });
  expect(missing).toEqual([]);
}
