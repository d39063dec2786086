import type { Interval } from '@candlewire/protocol';

/**
 * The contract's intervals, shortest first; key `1`–`6` picks one.
 * NOTE: a local copy (checked against the type) instead of importing INTERVALS from the
 * protocol barrel, which would also pull its zod schemas into the browser bundle.
 */
export const INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const satisfies readonly Interval[];

/** True when `value` is one of the contract's intervals. */
export function isInterval(value: unknown): value is Interval {
  return typeof value === 'string' && (INTERVALS as readonly string[]).includes(value);
}

/** The symbol grammar of the contract (§2). */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
