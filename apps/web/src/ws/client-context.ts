import type { CandlewireClient } from '@candlewire/client';
import { createContext, use } from 'react';

/** The one SDK client of the app (null outside a WebSocketProvider). */
export const ClientContext = createContext<CandlewireClient | null>(null);

/** The app's SDK client; throws outside a WebSocketProvider. */
export function useClient(): CandlewireClient {
  const client = use(ClientContext);
  if (client === null) throw new Error('useClient() needs a <WebSocketProvider> above it');
  return client;
}
