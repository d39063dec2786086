import { MARKET_IDS } from '@candlewire/market';
import { SYMBOL_PATTERN } from '@candlewire/protocol';
import { z } from 'zod';

const SOURCE_NAME = /^[a-z][a-z0-9-]*$/;
const routeKey = z.string().refine((k) => (MARKET_IDS as readonly string[]).includes(k) || SYMBOL_PATTERN.test(k), {
  message: 'route key must be a market (US, CN, HK, CRYPTO) or a symbol',
});
const routeTarget = z.string().regex(SOURCE_NAME, 'route target must be a source name (e.g. binance)');

/** `ROUTES`: `KEY=source` pairs (string or array, env style) or an object (config file) → `{KEY: source}`. */
export const routesSchema = z
  .union([z.record(z.string(), z.string()), z.array(z.string()), z.string()])
  .transform((value, ctx) => {
    if (!Array.isArray(value) && typeof value === 'object') return value;
    const pairs = (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean);
    const out: Record<string, string> = {};
    for (const pair of pairs) {
      const [key, target, ...rest] = pair.split('=').map((s) => s.trim());
      if (key === undefined || target === undefined || rest.length > 0 || key === '' || target === '') {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not KEY=source` });
        return z.NEVER;
      }
      out[key] = target;
    }
    return out;
  })
  .pipe(z.record(routeKey, routeTarget));

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
