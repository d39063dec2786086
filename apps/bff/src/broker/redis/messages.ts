import { CHANNEL_DATA_GUARDS, kindOf, type Channel, type ChannelData, type ChannelKind } from '@candlewire/protocol';
import type { StreamUpdate } from '../types';

/** Parses `epoch seq time frame` as the publish script sends it. */
export function parseMessage(channel: Channel, text: string): { epoch: string; sentAt: number; update: StreamUpdate } | null {
  const a = text.indexOf(' ');
  const b = text.indexOf(' ', a + 1);
  const c = text.indexOf(' ', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  const seq = Number(text.slice(a + 1, b));
  const sentAt = Number(text.slice(b + 1, c));
  return Number.isInteger(seq) ? { epoch: text.slice(0, a), sentAt, update: { channel, seq, frame: text.slice(c + 1) } } : null;
}

/** True for a closed candle. */
export function isClosed(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'closed' in data && data.closed === true;
}

/** A snapshot item of `channel` from its JSON text in Redis, or null when it is not of the channel's kind. */
export function itemOf<K extends ChannelKind>(channel: Channel<K>, text: unknown): ChannelData[K] | null {
  if (typeof text !== 'string') return null;
  const item: unknown = JSON.parse(text);
  return CHANNEL_DATA_GUARDS[kindOf(channel)](item) ? item : null;
}
