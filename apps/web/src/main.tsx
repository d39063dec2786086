/**
 * Entry of the Candlewire dashboard: React 19 + zustand stores + react-query for REST, one SDK
 * client over the BFF WebSocket. Test hooks (contract §8) are documented in the README.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { syncPriceAlertsAcrossTabs } from './price-alerts';
import { bindThemeToDocument } from './stores/theme-store';
import { syncWatchlistsAcrossTabs } from './stores/watchlists-store';
import { WebSocketProvider } from './ws';
import './app.css';

bindThemeToDocument();
syncWatchlistsAcrossTabs();
syncPriceAlertsAcrossTabs();

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <WebSocketProvider>
        <App />
      </WebSocketProvider>
    </QueryClientProvider>
  </StrictMode>,
);
