import { MARKET_IDS } from '@candlewire/market';
import { SYMBOL_PATTERN } from '@candlewire/protocol';
import { z } from 'zod';

const SOURCE_NAME = /^[a-z][a-z0-9-]*$/;
const isRouteKey = (k: string): boolean => (MARKET_IDS as readonly string[]).includes(k) || SYMBOL_PATTERN.test(k);

/** `ROUTES`: `KEY=source` pairs (string or array, env style) or an object (config file) → `{KEY: source}`. */
export const routesSchema = z.union([z.record(z.string(), z.string()), z.array(z.string()), z.string()]).transform((value, ctx) => {
  const pairs: [string, string | undefined][] = [];
  if (Array.isArray(value) || typeof value === 'string') {
    for (const pair of (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean)) {
      const parts = pair.split('=').map((s) => s.trim());
      pairs.push(parts.length === 2 && parts[0] !== '' ? [parts[0] ?? '', parts[1]] : [pair, undefined]);
    }
  } else pairs.push(...Object.entries(value));
  const out: Record<string, string> = {};
  for (const [key, target] of pairs) {
    if (target === undefined) ctx.addIssue({ code: 'custom', message: `"${key}" is not KEY=source` });
    else if (!isRouteKey(key))
      ctx.addIssue({ code: 'custom', message: `route key ${key} must be a market (US, CN, HK, CRYPTO) or a symbol` });
    else if (!SOURCE_NAME.test(target))
      ctx.addIssue({ code: 'custom', message: `route ${key}=${target}: target must be a source name (e.g. binance)` });
    else out[key] = target;
  }
  return out;
});

/** One extra instrument from the config (the time zone follows its market). */
export const extraInstrumentSchema = z
  .object({
    symbol: z.string().regex(SYMBOL_PATTERN, 'symbol must match [A-Z0-9][A-Z0-9._-]{0,31}'),
    name: z.string().min(1).max(100),
    market: z.enum(MARKET_IDS),
    currency: z.string().min(1).max(10),
    tickSize: z.number().positive(),
    lot: z.number().positive(),
  })
  .strict();

/** `EXTRA_INSTRUMENTS`: an array of instruments, or its JSON text (env var). */
export const extraInstrumentsSchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // NOTE: left as text so zod reports "expected array" with the key's name.
  }
}, z.array(extraInstrumentSchema));
