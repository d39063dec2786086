import type { CandlewireClient, ConnectionState } from '@candlewire/client';

/**
 * A client that never connects: the app shell stays usable (watchlists, layout, search)
 * when the SDK client could not be created, and shows `offline`.
 */
export function createOfflineClient(): CandlewireClient {
  const state: ConnectionState = { status: 'offline', reason: 'stopped' };
  return {
    state,
    onStateChange: () => () => undefined,
    subscribe: () => () => undefined,
    lastMessageAt: () => null,
    staleChannels: () => new Set(),
    isStale: () => false,
    onStaleChange: () => () => undefined,
    start: () => undefined,
    stop: () => undefined,
  };
}
