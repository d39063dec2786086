import type { WebSocketLike } from './types';

/** A noop handler: detached sockets keep a listener so `ws` never sees an unhandled `error`. */
export const noop = (): void => undefined;

/** The event-handler surface that the browser's WebSocket and the `ws` package share. */
export interface HandlerSocket<O, C extends { code: number; reason: string }, M extends { data: unknown }, E> {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: O) => void) | null;
  onclose: ((ev: C) => void) | null;
  onmessage: ((ev: M) => void) | null;
  onerror: ((ev: E) => void) | null;
}

/** Adapts a browser `WebSocket` or a `ws` one to `WebSocketLike`. */
export function adaptSocket<O, C extends { code: number; reason: string }, M extends { data: unknown }, E>(
  ws: HandlerSocket<O, C, M, E>,
): WebSocketLike {
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
  // NOTE: handlers stay attached for the socket's whole life: `ws` throws on an `error` with no listener.
  ws.onopen = (ev) => like.onopen?.(ev);
  ws.onclose = (ev) => like.onclose?.({ code: ev.code, reason: ev.reason });
  ws.onmessage = (ev) => like.onmessage?.({ data: ev.data });
  ws.onerror = (ev) => like.onerror?.(ev);
  return like;
}

/** The default socket factory: the global `WebSocket` (browsers, Node ≥ 22). */
export function createBrowserSocket(url: string): WebSocketLike {
  if (typeof globalThis.WebSocket !== 'function') {
    throw new Error('no global WebSocket: pass createSocket (in Node: createNodeSocket from @candlewire/client/node)');
  }
  return adaptSocket(new globalThis.WebSocket(url));
}
