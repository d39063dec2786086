import { createChannels } from './channels';
import { createConnection, DEFAULT_PING_INTERVAL_MS } from './connection';
import { createFreshness } from './freshness';
import { createBrowserSocket } from './socket';
import type { CandlewireClient, ClientOptions } from './types';

export { RECONNECT_BASE_MS, RECONNECT_CAP_MS, backoffDelay } from './backoff';

/** Creates a client: one socket, many ref-counted channels. It connects on `start()`. */
export function createClient(options: ClientOptions): CandlewireClient {
  const freshness = createFreshness();
  const channels = createChannels({
    send: (message) => connection.send(message),
    isConnected: () => connection.welcome !== null,
    sendWaitMs: () => connection.sendWaitMs(),
    maxMessageBytes: () => connection.welcome?.limits.maxMessageBytes ?? 65_536,
  });
  const connection = createConnection({
    urls: typeof options.url === 'string' ? [options.url] : options.url,
    createSocket: options.createSocket ?? createBrowserSocket,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    networkEvents: options.networkEvents,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
    onWelcome: () => channels.onWelcome(),
    onMessage: (message) => void (freshness.onMessage(message) || channels.onMessage(message)),
    onRejected: (rejection) => channels.onRejected(rejection),
    onDown: () => {
      freshness.onDown();
      channels.onDown();
    },
  });
  return {
    get state() {
      return connection.state;
    },
    onStateChange: (listener) => connection.onStateChange(listener),
    subscribe: (channel, listener) => channels.subscribe(channel, listener),
    lastMessageAt: () => connection.lastMessageAt(),
    staleChannels: () => freshness.stale(),
    isStale: (channel) => freshness.stale().has(channel),
    onStaleChange: (listener) => freshness.onChange(listener),
    start: () => connection.start(),
    stop: () => connection.stop(),
  };
}
