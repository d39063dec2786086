import type { ConnectionState } from '@candlewire/client';
import { createStore } from 'zustand/vanilla';

/** What the connection indicator shows; written by the WebSocketProvider only. */
export interface ConnectionSnapshot {
  state: ConnectionState;
  /** Epoch ms of the last message heard from the server. */
  lastMessageAt: number | null;
  /** Epoch ms of the last 1 s tick, so ages advance without a message. */
  now: number;
  /** Set when the SDK client could not be created. */
  error: string | null;
}

/** Connection state of the one SDK client. */
export const connectionStore = createStore<ConnectionSnapshot>()(() => ({
  state: { status: 'connecting', attempt: 0 },
  lastMessageAt: null,
  now: Date.now(),
  error: null,
}));
