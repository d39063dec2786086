import { ErrorCode, parseClientMessage, type ClientMessage, type ErrorMessage } from '@candlewire/protocol';
import type { RawData } from 'ws';
import type { Connection } from './connection';
import { handlePing, handleSubscribe, handleUnsubscribe, type HandlerContext } from './handlers';

/** A decoded inbound frame: a client message, or the error to answer it with. */
export type Decoded = { ok: true; message: ClientMessage } | { ok: false; error: Omit<ErrorMessage, 'type'> };

/** The UTF-8 text of a text frame; null for a binary one. */
function frameText(data: RawData, isBinary: boolean): string | null {
  if (isBinary) return null;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
}

/** Decodes and validates one inbound frame against the contract. */
export function decodeFrame(data: RawData, isBinary: boolean): Decoded {
  const text = frameText(data, isBinary);
  if (text === null)
    return { ok: false, error: { code: ErrorCode.BAD_MESSAGE, message: 'binary frames are not accepted: send JSON text' } };
  const parsed = parseClientMessage(text);
  if (parsed.ok) return { ok: true, message: parsed.message };
  const { ok: _ok, ...error } = parsed;
  return { ok: false, error };
}

/** Runs the handler of `msg`; a subscribe that throws is logged and answered `INTERNAL`. */
export function dispatch(ctx: HandlerContext, c: Connection, msg: ClientMessage, onFailure: (err: unknown) => void): void {
  if (msg.op === 'ping') handlePing(ctx, c, msg);
  else if (msg.op === 'unsubscribe') handleUnsubscribe(ctx, c, msg);
  else {
    handleSubscribe(ctx, c, msg).catch((err: unknown) => {
      onFailure(err);
      ctx.sendError(c, { code: ErrorCode.INTERNAL, message: 'internal error' });
    });
  }
}
