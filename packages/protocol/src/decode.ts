import { kindOf, parseChannel, type Channel, type ChannelKind } from './channels';
import { ErrorCode } from './codes';
import { CHANNEL_DATA_GUARDS, CHANNEL_SNAPSHOT_GUARDS, isRecord } from './guards';
import type {
  ErrorMessage,
  LiveMessage,
  PongMessage,
  ServerLimits,
  ServerMessage,
  StaleMessage,
  SubscribedMessage,
  UnsubscribedMessage,
  UpdateMessage,
} from './messages';

/** A server message the decoder refused: not of the contract (a field of the wrong type, data not of its channel's kind). */
export interface Rejection {
  reason: string;
  /** The message as received. */
  message: unknown;
  /** The channel and seq of a refused `update`, when those were readable. */
  channel?: Channel;
  seq?: number;
}

type Decoded = ServerMessage | string;

const ERROR_CODES: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const withId = <T extends object>(r: Record<string, unknown>, body: T): T & { id?: number } =>
  isInt(r['id']) ? { ...body, id: r['id'] } : body;

function channelOf(value: unknown): { ok: true; name: Channel } | { ok: false; reason: string } {
  if (typeof value !== 'string') return { ok: false, reason: 'channel: expected a string' };
  const parsed = parseChannel(value);
  return parsed.ok ? { ok: true, name: parsed.channel.name } : { ok: false, reason: `channel: ${parsed.reason}` };
}

function decodeUpdate<K extends ChannelKind>(name: Channel<K>, seq: number, data: unknown): UpdateMessage<K> | string {
  const kind = kindOf(name);
  return CHANNEL_DATA_GUARDS[kind](data) ? { type: 'update', channel: name, seq, data } : `data: not a ${kind} update`;
}

function decodeSubscribed<K extends ChannelKind>(r: Record<string, unknown>, name: Channel<K>): SubscribedMessage<K> | string {
  const { epoch, seq, recovered, snapshot } = r;
  if (typeof epoch !== 'string' || !isInt(seq) || typeof recovered !== 'boolean')
    return 'subscribed: epoch, seq or recovered of the wrong type';
  const body: SubscribedMessage<K> = withId(r, { type: 'subscribed', channel: name, epoch, seq, recovered });
  if (snapshot === undefined) return body;
  const kind = kindOf(name);
  return CHANNEL_SNAPSHOT_GUARDS[kind](snapshot) ? { ...body, snapshot } : `snapshot: not a ${kind} snapshot`;
}

/** The channel names of a `stale` or `live` message, or null when one is not a channel. */
function channelsOf(value: unknown): Channel[] | null {
  if (!Array.isArray(value)) return null;
  const names: Channel[] = [];
  for (const item of value) {
    const ch = channelOf(item);
    if (!ch.ok) return null;
    names.push(ch.name);
  }
  return names;
}

/** `stale` and `live` (the extension of docs/protocol-notes.md). */
function decodeFreshness(r: Record<string, unknown>, type: 'stale' | 'live'): StaleMessage | LiveMessage | string {
  const channels = channelsOf(r['channels']);
  const { serverTime, reason } = r;
  if (channels === null || typeof serverTime !== 'number') return `${type}: channels or serverTime of the wrong type`;
  if (type === 'live') return { type, channels, serverTime };
  return reason === 'broker_unavailable' ? { type, channels, reason, serverTime } : 'stale: unknown reason';
}

function decodeLimits(v: unknown): ServerLimits | null {
  if (!isRecord(v)) return null;
  const { maxSubscriptions, maxMessageBytes, maxMessagesPerSecond } = v;
  return typeof maxSubscriptions === 'number' && typeof maxMessageBytes === 'number' && typeof maxMessagesPerSecond === 'number'
    ? { maxSubscriptions, maxMessageBytes, maxMessagesPerSecond }
    : null;
}

function decodeMessage(r: Record<string, unknown>): Decoded {
  switch (r['type']) {
    case 'update': {
      const ch = channelOf(r['channel']);
      if (!ch.ok) return ch.reason;
      return isInt(r['seq']) ? decodeUpdate(ch.name, r['seq'], r['data']) : 'update: seq must be an integer';
    }
    case 'subscribed': {
      const ch = channelOf(r['channel']);
      return ch.ok ? decodeSubscribed(r, ch.name) : ch.reason;
    }
    case 'unsubscribed':
      return typeof r['channel'] === 'string'
        ? withId<UnsubscribedMessage>(r, { type: 'unsubscribed', channel: r['channel'] })
        : 'unsubscribed: channel must be a string';
    case 'error': {
      const { code, message, channel } = r;
      if (typeof code !== 'string' || !isErrorCode(code) || typeof message !== 'string') return 'error: code or message of the wrong type';
      if (channel !== undefined && typeof channel !== 'string') return 'error: channel must be a string';
      return withId<ErrorMessage>(r, channel === undefined ? { type: 'error', code, message } : { type: 'error', code, message, channel });
    }
    case 'welcome': {
      const { protocol, sessionId, serverTime, heartbeatMs } = r;
      const limits = decodeLimits(r['limits']);
      if (
        typeof protocol !== 'number' ||
        typeof sessionId !== 'string' ||
        typeof serverTime !== 'number' ||
        typeof heartbeatMs !== 'number' ||
        limits === null
      ) {
        return 'welcome: a field of the wrong type';
      }
      return { type: 'welcome', protocol, sessionId, serverTime, heartbeatMs, limits };
    }
    case 'pong':
      return typeof r['serverTime'] === 'number'
        ? withId<PongMessage>(r, { type: 'pong', serverTime: r['serverTime'] })
        : 'pong: serverTime must be a number';
    case 'stale':
      return decodeFreshness(r, 'stale');
    case 'live':
      return decodeFreshness(r, 'live');
    case 'heartbeat':
      return typeof r['serverTime'] === 'number'
        ? { type: 'heartbeat', serverTime: r['serverTime'] }
        : 'heartbeat: serverTime must be a number';
    default:
      return `unknown message type ${JSON.stringify(r['type'])}`;
  }
}

function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CODES.has(code);
}

/**
 * Splits one server frame (an object or an array of objects) into messages, each checked against
 * the contract: an update's `data` and a snapshot against their channel's kind, so listeners get
 * `ChannelData[K]` without a cast. Refused messages are left out and told to `onRejected`.
 * Throws only when the frame is not JSON.
 */
export function decodeServerFrame(text: string, onRejected?: (rejection: Rejection) => void): ServerMessage[] {
  const parsed: unknown = JSON.parse(text);
  const out: ServerMessage[] = [];
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    const decoded: Decoded = isRecord(item) ? decodeMessage(item) : 'not a JSON object';
    if (typeof decoded !== 'string') out.push(decoded);
    else onRejected?.(rejection(decoded, item));
  }
  return out;
}

function rejection(reason: string, message: unknown): Rejection {
  if (!isRecord(message) || message['type'] !== 'update' || !isInt(message['seq'])) return { reason, message };
  const ch = channelOf(message['channel']);
  return ch.ok ? { reason, message, channel: ch.name, seq: message['seq'] } : { reason, message };
}
