import { createClient } from '@candlewire/client';
import type { CandlewireClient } from '@candlewire/client';
import { useEffect, useState, type ReactNode } from 'react';
import { connectionStore } from '../stores/connection-store';
import { browserAuthEnv, startAuthToken } from './auth-token';
import { ClientContext } from './client-context';
import { pageGatewayUrls } from './gateway-urls';
import { createOfflineClient } from './offline-client';

/** Props of WebSocketProvider; `client` lets tests inject one. */
export interface WebSocketProviderProps {
  children: ReactNode;
  url?: string;
  client?: CandlewireClient;
}

/** The BFF's WebSocket on the page's own origin (the Vite dev server proxies it). */
export function defaultSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

let authStarted = false;

function makeClient(url: string | readonly string[]): { client: CandlewireClient; error: string | null } {
  // NOTE: before the first connect: the token (config or #token=) goes into the cookie that the
  // upgrade and every same-origin REST call carry, and is renewed before it expires.
  if (!authStarted) {
    authStarted = true;
    startAuthToken(browserAuthEnv());
  }
  try {
    return { client: createClient({ url, networkEvents: window }), error: null };
  } catch (err) {
    return {
      client: createOfflineClient(),
      error: `Cannot start the live connection: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

/**
 * Owns the app's one SDK client: started on mount, stopped on unmount. Feeds the connection
 * store from state changes plus a 1 s ticker (so "last msg … ago" ages between messages).
 */
export function WebSocketProvider({ children, url, client: injected }: WebSocketProviderProps) {
  // NOTE: lazy state, not useMemo: React may drop a memo, and a second client would mean a second socket.
  const [created] = useState(() => (injected ? { client: injected, error: null } : makeClient(url ?? pageGatewayUrls(defaultSocketUrl()))));
  const { client, error } = created;

  useEffect(() => {
    const sync = (): void =>
      connectionStore.setState({ state: client.state, lastMessageAt: client.lastMessageAt(), now: Date.now(), error });
    const offState = client.onStateChange(sync);
    sync();
    client.start();
    sync();
    const ticker = setInterval(sync, 1000);
    return () => {
      clearInterval(ticker);
      offState();
      client.stop();
    };
  }, [client, error]);

  return <ClientContext value={client}>{children}</ClientContext>;
}
