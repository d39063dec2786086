/**
 * Streamer frames: `?version=2` sends JSON `{"type":"pricing","message":"<base64 PricingData>"}`;
 * the original protocol sends the bare base64 text. Both are accepted; anything else is
 * rejected with a reason (counted by the source, connection kept).
 */
import { decodePricingBase64, type PricingData } from './pricing-data';

/** What one streamer frame holds. */
export type StreamerFrame = { kind: 'pricing'; data: PricingData } | { kind: 'other'; type: string } | { kind: 'invalid'; reason: string };

/** The subscribe message for Yahoo symbols. */
export const subscribeMessage = (symbols: readonly string[]): string => JSON.stringify({ subscribe: symbols });
/** The unsubscribe message for Yahoo symbols. */
export const unsubscribeMessage = (symbols: readonly string[]): string => JSON.stringify({ unsubscribe: symbols });

function decode(base64: string): StreamerFrame {
  try {
    return { kind: 'pricing', data: decodePricingBase64(base64) };
  } catch (err) {
    return { kind: 'invalid', reason: `bad PricingData: ${(err as Error).message}` };
  }
}

/** Parses one text frame of the streamer. */
export function parseStreamerFrame(text: string): StreamerFrame {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'invalid', reason: 'empty frame' };
  if (!trimmed.startsWith('{')) return decode(trimmed);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { kind: 'invalid', reason: 'invalid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'invalid', reason: 'not an object' };
  const { type, message } = json as { type?: unknown; message?: unknown };
  if (type !== undefined && type !== 'pricing')
    return typeof type === 'string' ? { kind: 'other', type } : { kind: 'invalid', reason: 'type is not a string' };
  if (typeof message !== 'string') return { kind: 'invalid', reason: 'pricing frame without a message string' };
  return decode(message);
}
