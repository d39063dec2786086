import type { Channel } from '@candlewire/protocol';
import { useCallback, useSyncExternalStore } from 'react';
import { useClient } from './client-context';

/** Subscribes to the client's stale channels (a stable function per client). */
function useStaleSubscribe(): (onChange: () => void) => () => void {
  const client = useClient();
  return useCallback((onChange) => client.onStaleChange(() => onChange()), [client]);
}

/** Whether the gateway says `channel`'s data is delayed (it lost its data store; the socket is fine). */
export function useChannelStale(channel: Channel): boolean {
  const client = useClient();
  return useSyncExternalStore(useStaleSubscribe(), () => client.isStale(channel));
}

/** Whether any channel of this client is delayed: what the status bar and connection badge say. */
export function useDataDelayed(): boolean {
  const client = useClient();
  return useSyncExternalStore(useStaleSubscribe(), () => client.staleChannels().size > 0);
}
