import { z } from 'zod';
import type { ClientMessage } from './messages';

const id = z.number().int().optional();
const channels = z.array(z.string()).min(1, 'channels must not be empty').max(1000);
const position = z.object({ epoch: z.string().max(64), seq: z.number().int().nonnegative() });

/** Runtime schema for `subscribe`. */
export const subscribeSchema = z.object({
  op: z.literal('subscribe'),
  id,
  channels,
  resume: z.record(z.string(), position).optional(),
});
/** Runtime schema for `unsubscribe`. */
export const unsubscribeSchema = z.object({ op: z.literal('unsubscribe'), id, channels });
/** Runtime schema for `ping`. */
export const pingSchema = z.object({ op: z.literal('ping'), id });

const schemas = { subscribe: subscribeSchema, unsubscribe: unsubscribeSchema, ping: pingSchema } as const;

/** Result of `parseClientMessage`. */
export type ParseClientResult =
  { ok: true; message: ClientMessage } | { ok: false; code: 'BAD_MESSAGE' | 'UNKNOWN_OP'; message: string; id?: number };

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'message'}: ${issue.message}`)
    .join('; ');
}

/** Parses and validates one client frame; never throws. */
export function parseClientMessage(text: string): ParseClientResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'BAD_MESSAGE', message: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      code: 'BAD_MESSAGE',
      message: Array.isArray(value) ? 'client frames hold one object, not an array' : 'frame is not a JSON object',
    };
  }
  const record = value as Record<string, unknown>;
  const echoId = typeof record['id'] === 'number' && Number.isInteger(record['id']) ? record['id'] : undefined;
  const withId = <T extends object>(r: T): T & { id?: number } => (echoId === undefined ? r : { ...r, id: echoId });
  const op = record['op'];
  if (typeof op !== 'string') return withId({ ok: false, code: 'BAD_MESSAGE', message: 'op: expected a string' });
  if (!Object.hasOwn(schemas, op)) {
    return withId({ ok: false, code: 'UNKNOWN_OP', message: `unknown op "${op.slice(0, 32)}" (subscribe unsubscribe ping)` });
  }
  const result = schemas[op as keyof typeof schemas].safeParse(value);
  if (!result.success) return withId({ ok: false, code: 'BAD_MESSAGE', message: describe(result.error) });
  return { ok: true, message: stripUndefined(result.data) as ClientMessage };
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
