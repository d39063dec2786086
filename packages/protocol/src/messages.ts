import type { ErrorCode } from './codes';
import type { Alert, CandleUpdate, MarketsData, Quote, Trade } from './data';

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
export interface SubscribedMessage {
  type: 'subscribed';
  id?: number;
  channel: string;
  epoch: string;
  seq: number;
  recovered: boolean;
  snapshot?: unknown;
}
/** Server → client: one update of a channel stream. */
export interface UpdateMessage<T = unknown> {
  type: 'update';
  channel: string;
  seq: number;
  data: T;
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
/** Any server → client message, keyed by `type`. */
export type ServerMessage =
  | WelcomeMessage
  | SubscribedMessage
  | UpdateMessage
  | UnsubscribedMessage
  | ErrorMessage
  | PongMessage
  | HeartbeatMessage;

/** `data` type of an update per channel kind. */
export interface ChannelData {
  quote: Quote;
  trades: Trade;
  candles: CandleUpdate;
  markets: MarketsData;
  alerts: Alert;
}

/** Snapshot type per channel kind (contract §2). */
export interface ChannelSnapshot {
  quote: Quote | null;
  trades: Trade[];
  candles: CandleUpdate[];
  markets: MarketsData | null;
  alerts: Alert[];
}

/** Splits one server frame (an object or an array of objects) into messages. */
export function decodeServerFrame(text: string): ServerMessage[] {
  const parsed: unknown = JSON.parse(text);
  return (Array.isArray(parsed) ? parsed : [parsed]) as ServerMessage[];
}
