import type { ConnectionState } from '@candlewire/client';
import { useStore } from 'zustand';
import { connectionStore } from '../stores/connection-store';

/** Connection state plus its latency and the time of the last server message. */
export interface ConnectionInfo {
  state: ConnectionState;
  latencyMs: number | null;
  lastMessageAt: number | null;
  /** Time of the store's last 1 s tick (epoch ms). */
  now: number;
  error: string | null;
}

/** The SDK client's connection, re-rendering on state changes and once a second. */
export function useConnection(): ConnectionInfo {
  const snap = useStore(connectionStore);
  return { ...snap, latencyMs: snap.state.status === 'connected' ? snap.state.latencyMs : null };
}

/** Only the connection status word; re-renders on status changes, not on every tick. */
export function useConnectionStatus(): ConnectionState['status'] {
  return useStore(connectionStore, (s) => s.state.status);
}
