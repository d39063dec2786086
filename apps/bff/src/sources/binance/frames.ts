import { z } from 'zod';

/** A decimal number sent as a string (Binance prices and sizes), parsed to a finite number. */
const decimal = z
  .string()
  .regex(/^\d{1,20}(\.\d{1,20})?$/)
  .transform(Number);

/** `data` of a `<symbol>@trade` stream event. */
export const tradeEventSchema = z.object({
  e: z.literal('trade'),
  E: z.number().int(),
  s: z.string(),
  t: z.number().int().nonnegative(),
  p: decimal,
  q: decimal,
  T: z.number().int().positive(),
  m: z.boolean(),
});

/** `data` of a `<symbol>@bookTicker` stream event. */
export const bookTickerEventSchema = z.object({
  u: z.number().int().nonnegative(),
  s: z.string(),
  b: decimal,
  B: decimal,
  a: decimal,
  A: decimal,
});

/** A parsed trade event. */
export type TradeEvent = z.output<typeof tradeEventSchema>;
/** A parsed bookTicker event. */
export type BookTickerEvent = z.output<typeof bookTickerEventSchema>;

const combinedSchema = z.object({ stream: z.string().min(1), data: z.unknown() });
const replySchema = z.object({ result: z.unknown(), id: z.number().int() });
// NOTE: the streams docs list errors as { code, msg } (with the request id); the WebSocket API nests { error: { code, msg } }.
const errorReplySchema = z.union([
  z
    .object({ code: z.number(), msg: z.string(), id: z.number().int().nullable().optional() })
    .transform((e) => ({ id: e.id ?? null, code: e.code, msg: e.msg })),
  z
    .object({ error: z.object({ code: z.number(), msg: z.string() }), id: z.number().int().nullable().optional() })
    .transform((e) => ({ id: e.id ?? null, code: e.error.code, msg: e.error.msg })),
]);
const shutdownSchema = z.object({ e: z.literal('serverShutdown'), E: z.number().optional() });
// NOTE: the WebSocket API docs nest it as { event: { e, E } }; the streams docs do not show a shape.
const shutdownEventSchema = z.object({ event: shutdownSchema });

/** What one text frame of the combined-streams endpoint says. */
export type BinanceFrame =
  | { kind: 'trade'; stream: string; event: TradeEvent }
  | { kind: 'bookTicker'; stream: string; event: BookTickerEvent }
  | { kind: 'reply'; id: number }
  | { kind: 'error'; id: number | null; code: number; msg: string }
  | { kind: 'shutdown' }
  | { kind: 'reject'; reason: string };

/** Validates one frame at the edge; anything unexpected is a `reject` with a reason. */
export function parseFrame(text: string): BinanceFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'reject', reason: 'invalid JSON' };
  }
  const combined = combinedSchema.safeParse(json);
  if (combined.success) {
    const { stream, data } = combined.data;
    if (shutdownSchema.safeParse(data).success) return { kind: 'shutdown' };
    if (stream.endsWith('@trade')) {
      const r = tradeEventSchema.safeParse(data);
      return r.success
        ? { kind: 'trade', stream, event: r.data }
        : { kind: 'reject', reason: `bad trade: ${r.error.issues[0]?.message ?? ''}` };
    }
    if (stream.endsWith('@bookTicker')) {
      const r = bookTickerEventSchema.safeParse(data);
      return r.success
        ? { kind: 'bookTicker', stream, event: r.data }
        : { kind: 'reject', reason: `bad bookTicker: ${r.error.issues[0]?.message ?? ''}` };
    }
    return { kind: 'reject', reason: `unknown stream ${stream}` };
  }
  const error = errorReplySchema.safeParse(json);
  if (error.success) return { kind: 'error', ...error.data };
  const reply = replySchema.safeParse(json);
  if (reply.success) return { kind: 'reply', id: reply.data.id };
  if (shutdownSchema.safeParse(json).success || shutdownEventSchema.safeParse(json).success) return { kind: 'shutdown' };
  return { kind: 'reject', reason: 'unknown frame' };
}

/** A REST kline row: [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, ...]. */
export const klineRowSchema = z.tuple(
  [z.number().int(), decimal, decimal, decimal, decimal, decimal, z.number().int(), z.string(), z.number().int()],
  z.unknown(),
);

/** A parsed kline. */
export interface Kline {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
}

/** Validates a klines response body. */
export function parseKlines(json: unknown): Kline[] {
  const rows = z.array(klineRowSchema).parse(json);
  return rows.map(([openTime, open, high, low, close, volume, , , trades]) => ({ openTime, open, high, low, close, volume, trades }));
}
