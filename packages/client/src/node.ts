/** Node entry of the client SDK: a `ws`-based socket factory (kept out of the browser bundle). */
import WebSocket from 'ws';
import type { WebSocketLike } from './types';

/** Opens a `ws` WebSocket to `url`, adapted to `WebSocketLike`. */
export function createNodeSocket(url: string): WebSocketLike {
  const ws = new WebSocket(url);
  const like: WebSocketLike = {
    get readyState() {
      return ws.readyState;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onclose: null,
    onmessage: null,
    onerror: null,
  };
  // NOTE: listeners stay attached for the socket's whole life: `ws` throws on an `error` with no listener.
  ws.onopen = (ev) => like.onopen?.(ev);
  ws.onclose = (ev) => like.onclose?.({ code: ev.code, reason: ev.reason });
  ws.onmessage = (ev) => like.onmessage?.({ data: ev.data });
  ws.onerror = (ev) => like.onerror?.(ev);
  return like;
}

export type * from './types';
export { createClient, RECONNECT_BASE_MS, RECONNECT_CAP_MS, backoffDelay } from './client';
