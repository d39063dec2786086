/**
 * Alpaca market data stream v2 frames: a JSON array of messages, each with `T` =
 * `success | error | subscription | t | q | b | u` (and others we do not subscribe to).
 * Validated at the edge; a bad item is rejected on its own, the rest of the array still counts.
 */
import { z } from 'zod';

/** RFC-3339 with up to nanoseconds → epoch ms (fraction truncated to ms). */
export function parseAlpacaTime(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (m === null) return Number.NaN;
  const ms = (m[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1] ?? ''}.${ms}${m[3] ?? 'Z'}`);
}

const time = z.string().transform((s, ctx) => {
  const ms = parseAlpacaTime(s);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `bad timestamp ${s}` });
    return z.NEVER;
  }
  return ms;
});
const price = z.number().positive().finite();
const symbol = z.string().min(1);

const tradeSchema = z.object({
  T: z.literal('t'),
  S: symbol,
  i: z.number().int().nonnegative(),
  p: price,
  s: z.number().positive(),
  t: time,
});
const quoteSchema = z.object({ T: z.literal('q'), S: symbol, bp: z.number().nonnegative(), ap: z.number().nonnegative(), t: time });
const barSchema = z.object({
  T: z.enum(['b', 'u']),
  S: symbol,
  o: price,
  h: price,
  l: price,
  c: price,
  v: z.number().nonnegative(),
  t: time,
});
const successSchema = z.object({ T: z.literal('success'), msg: z.string() });
const errorSchema = z.object({ T: z.literal('error'), code: z.number().int(), msg: z.string() });
const list = z.array(z.string()).optional();
const subscriptionSchema = z.object({ T: z.literal('subscription'), trades: list, quotes: list, bars: list, updatedBars: list });

/** One validated stream message. */
export type AlpacaMessage =
  | z.output<typeof tradeSchema>
  | z.output<typeof quoteSchema>
  | z.output<typeof barSchema>
  | z.output<typeof successSchema>
  | z.output<typeof errorSchema>
  | z.output<typeof subscriptionSchema>;

const SCHEMAS = {
  t: tradeSchema,
  q: quoteSchema,
  b: barSchema,
  u: barSchema,
  success: successSchema,
  error: errorSchema,
  subscription: subscriptionSchema,
} as const;

/** Documented error codes of the stream. */
export const ALPACA_ERRORS = {
  invalidSyntax: 400,
  notAuthenticated: 401,
  authFailed: 402,
  alreadyAuthenticated: 403,
  authTimeout: 404,
  symbolLimit: 405,
  connectionLimit: 406,
  slowClient: 407,
  insufficientSubscription: 409,
  internal: 500,
} as const;

/** A parsed frame: the valid messages, how many items were rejected, and why (first reason). */
export interface ParsedFrame {
  messages: AlpacaMessage[];
  rejected: number;
  /** Items of types we do not subscribe to (statuses, lulds…). */
  ignored: number;
  reason?: string;
}

/** Parses one text frame (a JSON array of messages). */
export function parseAlpacaFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { messages: [], rejected: 1, ignored: 0, reason: 'invalid JSON' };
  }
  if (!Array.isArray(json)) return { messages: [], rejected: 1, ignored: 0, reason: 'frame is not an array' };
  const out: ParsedFrame = { messages: [], rejected: 0, ignored: 0 };
  for (const item of json) {
    const type = typeof item === 'object' && item !== null ? (item as { T?: unknown }).T : undefined;
    if (typeof type !== 'string') {
      out.rejected++;
      out.reason ??= 'message without T';
      continue;
    }
    const schema = (SCHEMAS as Record<string, z.ZodType<AlpacaMessage> | undefined>)[type];
    if (schema === undefined) {
      out.ignored++;
      continue;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) out.messages.push(parsed.data);
    else {
      out.rejected++;
      out.reason ??= `${type}: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    }
  }
  return out;
}
