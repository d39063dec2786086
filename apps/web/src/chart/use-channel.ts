/** React bindings of the SDK client that the chart needs: one channel, and the connection state. */
import type { CandlewireClient, ChannelEvent, ConnectionState } from '@candlewire/client';
import type { Channel, ChannelKind } from '@candlewire/protocol';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * Listens to `channel` while mounted (null = none). The listener may change every render:
 * the latest one is called, and changing it does not resubscribe.
 */
export function useChannel<K extends ChannelKind>(
  client: CandlewireClient | null,
  channel: Channel<K> | null,
  listener: (event: ChannelEvent<K>) => void,
): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (client === null || channel === null) return undefined;
    return client.subscribe(channel, (event) => latest.current(event));
  }, [client, channel]);
}

const OFFLINE: ConnectionState = { status: 'offline', reason: 'stopped' };

/** The client's connection state, re-rendering on every change. */
export function useConnectionState(client: CandlewireClient | null): ConnectionState {
  const subscribe = useCallback((notify: () => void) => (client === null ? () => undefined : client.onStateChange(notify)), [client]);
  return useSyncExternalStore(subscribe, () => client?.state ?? OFFLINE);
}
