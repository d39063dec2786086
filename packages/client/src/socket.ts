import type { WebSocketLike } from './types';

/** A noop handler: detached sockets keep a listener so `ws` never sees an unhandled `error`. */
export const noop = (): void => undefined;

/** Adapts a browser `WebSocket` (or Node's global one) to `WebSocketLike`. */
export function adaptBrowserSocket(ws: WebSocket): WebSocketLike {
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
  ws.onopen = (ev) => like.onopen?.(ev);
  ws.onclose = (ev) => like.onclose?.({ code: ev.code, reason: ev.reason });
  ws.onmessage = (ev: MessageEvent<unknown>) => like.onmessage?.({ data: ev.data });
  ws.onerror = (ev) => like.onerror?.(ev);
  return like;
}

/** The default socket factory: the global `WebSocket` (browsers, Node ≥ 22). */
export function createBrowserSocket(url: string): WebSocketLike {
  if (typeof globalThis.WebSocket !== 'function') {
    throw new Error('no global WebSocket: pass createSocket (in Node: createNodeSocket from @candlewire/client/node)');
  }
  return adaptBrowserSocket(new globalThis.WebSocket(url));
}
