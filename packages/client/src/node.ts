/** Node entry of the client SDK: a `ws`-based socket factory (kept out of the browser bundle). */
import WebSocket from 'ws';
import { adaptSocket } from './socket';
import type { WebSocketLike } from './types';

/** Opens a `ws` WebSocket to `url`, adapted to `WebSocketLike`. */
export function createNodeSocket(url: string): WebSocketLike {
  return adaptSocket(new WebSocket(url));
}

export type * from './types';
export { createClient, RECONNECT_BASE_MS, RECONNECT_CAP_MS, backoffDelay } from './client';
