import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Settings of security and operations (auth, origins, limits, shutdown, metrics); part of `CONFIG_FIELDS`. */
export const OPERATIONS_FIELDS = {
  SHUTDOWN_SPREAD_MS: [int(0, 60_000).default(2000), 'on shutdown the 1012 closes go out in batches over this many ms, so clients come back spread out'],
} as const;
