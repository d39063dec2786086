import { MARKET_IDS } from '@candlewire/market';
import { z } from 'zod';

const partial = z
  .object({
    movePct: z.number().positive().max(100),
    moveWindowSec: z.number().int().min(1).max(3600),
    volumeFactor: z.number().min(1).max(1000),
    volumeWindowSec: z.number().int().min(1).max(3600),
    volumeAvgWindows: z.number().int().min(1).max(1000),
    cooldownSec: z.number().int().min(1).max(86_400),
  })
  .partial()
  .strict();

const table = z.partialRecord(z.enum(['*', ...MARKET_IDS]), partial);

/** The `ALERT_THRESHOLDS` setting as read: partial thresholds per market id or `*` (the pulse fills in its defaults). */
export type AlertThresholdOverrides = z.output<typeof table>;

/**
 * `ALERT_THRESHOLDS`: a JSON object (a string in env vars, an object in the config file) of
 * partial thresholds per market id, `*` applying to every market before its own entry, e.g.
 * `{"*":{"cooldownSec":120},"CRYPTO":{"movePct":2}}`.
 */
export const alertThresholdsSchema = z
  .unknown()
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not valid JSON (${(err as Error).message})` });
      return z.NEVER;
    }
  })
  .pipe(table);
