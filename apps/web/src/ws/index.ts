/** The app's live connection: provider and hooks (charts may use these too). */
export { WebSocketProvider, defaultSocketUrl } from './websocket-provider';
export { useClient } from './client-context';
export { useConnection, useConnectionStatus, type ConnectionInfo } from './use-connection';
export { useQuote } from './use-quote';
export { useChannelStale, useDataDelayed } from './use-stale';
