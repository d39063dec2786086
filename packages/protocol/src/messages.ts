import { isChannelOf, type Channel, type ChannelKind } from './channels';
import type { ChannelData, ChannelSnapshot } from './channel-map';
import type { ErrorCode } from './codes';

/** Resume position for one channel: the last update the client holds. */
export interface StreamPosition {
  epoch: string;
  seq: number;
}

/** Client → server: subscribe. */
export interface SubscribeMessage {
  op: 'subscribe';
  id?: number;
  channels: string[];
  resume?: Record<string, StreamPosition>;
}
/** Client → server: unsubscribe. */
export interface UnsubscribeMessage {
  op: 'unsubscribe';
  id?: number;
  channels: string[];
}
/** Client → server: ping (answered by `pong`). */
export interface PingMessage {
  op: 'ping';
  id?: number;
}
/** Any client → server message, keyed by `op`. */
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | PingMessage;

/** Server limits announced in `welcome`. */
export interface ServerLimits {
  maxSubscriptions: number;
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
}

/** Server → client: first message on every connection. */
export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  sessionId: string;
  serverTime: number;
  heartbeatMs: number;
  limits: ServerLimits;
}
/** Server → client: one per subscribed channel; `snapshot` is absent when `recovered` is true. */
export interface SubscribedMessage<K extends ChannelKind = ChannelKind> {
  type: 'subscribed';
  id?: number;
  channel: Channel<K>;
  epoch: string;
  seq: number;
  recovered: boolean;
  snapshot?: ChannelSnapshot[K];
}
/** Server → client: one update of a channel stream. */
export interface UpdateMessage<K extends ChannelKind = ChannelKind> {
  type: 'update';
  channel: Channel<K>;
  seq: number;
  data: ChannelData[K];
}
/** Server → client: one per unsubscribed channel. */
export interface UnsubscribedMessage {
  type: 'unsubscribed';
  id?: number;
  channel: string;
}
/** Server → client: an error; never closes the connection. */
export interface ErrorMessage {
  type: 'error';
  id?: number;
  code: ErrorCode;
  message: string;
  channel?: string;
}
/** Server → client: reply to `ping`. */
export interface PongMessage {
  type: 'pong';
  id?: number;
  serverTime: number;
}
/** Server → client: sent when nothing else was sent for `heartbeatMs`. */
export interface HeartbeatMessage {
  type: 'heartbeat';
  serverTime: number;
}
/** Why a gateway says its channels are stale: `broker_unavailable` = it lost its store of streams (Redis). */
export type StaleReason = 'broker_unavailable';
/**
 * Server → client (extension, docs/protocol-notes.md): the data of `channels` may be behind (the
 * gateway lost the store its streams come through); the socket and the subscriptions stay.
 * Clients that do not know the type ignore it.
 */
export interface StaleMessage {
  type: 'stale';
  channels: Channel[];
  reason: StaleReason;
  serverTime: number;
}
/** Server → client (extension): `channels` are live again; what they missed was delivered before this. */
export interface LiveMessage {
  type: 'live';
  channels: Channel[];
  serverTime: number;
}
/** Any server → client message, keyed by `type`. */
export type ServerMessage =
  | WelcomeMessage
  | SubscribedMessage
  | UpdateMessage
  | UnsubscribedMessage
  | ErrorMessage
  | PongMessage
  | HeartbeatMessage
  | StaleMessage
  | LiveMessage;

/**
 * Type guard of the updates of `name` whose data passes `match` (decoded frames hold data checked
 * against their channel's kind).
 */
export function updateOf<K extends ChannelKind>(
  name: Channel<K>,
  match?: (data: ChannelData[K]) => boolean,
): (m: ServerMessage) => m is UpdateMessage<K> {
  const isOf = (m: ServerMessage): m is UpdateMessage<K> => m.type === 'update' && m.channel === name;
  return (m): m is UpdateMessage<K> => isOf(m) && (match === undefined || match(m.data));
}

/** True for an update of a channel of `kind` (decoded frames hold data checked against their channel's kind). */
export function isUpdateOfKind<K extends ChannelKind>(m: ServerMessage, kind: K): m is UpdateMessage<K> {
  return m.type === 'update' && isChannelOf(m.channel, kind);
}

/** Type guard of the `subscribed` replies for `name`. */
export function subscribedTo<K extends ChannelKind>(name: Channel<K>): (m: ServerMessage) => m is SubscribedMessage<K> {
  return (m): m is SubscribedMessage<K> => m.type === 'subscribed' && m.channel === name;
}
