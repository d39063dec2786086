import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useServerStatus } from '../api/queries';
import { formatUptime } from '../lib/format';
import { serverOutageText } from '../lib/human-text';
import { pulseStore } from '../stores/pulse-store';
import { useConnectionStatus, useDataDelayed } from '../ws';
import { MarketStatus } from './market-status';

/** Bottom bar: keyboard hints, live market sessions (`markets` channel) and server health from `/api/status`. */
export function StatusBar() {
  const { data, error, refetch } = useServerStatus();
  // NOTE: the client count comes live with `markets`; REST is the fallback until it arrives.
  const liveConnections = useStore(pulseStore, (s) => s.markets?.connections);
  const connections = liveConnections ?? data?.connections ?? 0;
  const connection = useConnectionStatus();
  const delayed = useDataDelayed();
  // NOTE: refresh on (re)connect, so the client count includes us without waiting 10 s. Delayed:
  // react-query folds a refetch into a first fetch still in flight, which predates our socket.
  useEffect(() => {
    if (connection !== 'connected') return;
    const timer = setTimeout(() => void refetch(), 500);
    return () => clearTimeout(timer);
  }, [connection, refetch]);
  return (
    <footer className="status-bar">
      <span className="hints" aria-label="Keyboard shortcuts">
        <kbd>/</kbd> search · <kbd>1</kbd>–<kbd>6</kbd> interval 1s 1m 5m 15m 1h 1d
      </span>
      <MarketStatus />
      {delayed && (
        <span className="data-delayed" data-testid="data-delayed" role="status">
          Market data delayed: the server lost its data store. Prices catch up by themselves when it is back.
        </span>
      )}
      <span className="server" data-testid="server-status" data-state={error ? 'error' : data ? 'ok' : 'loading'}>
        {error
          ? serverOutageText(error)
          : data
            ? `Server ${data.status} · feed ${data.sources.map((s) => `${s.id} ${s.state}`).join(', ')} · ${connections} client${connections === 1 ? '' : 's'} · up ${formatUptime(data.uptimeSec)}`
            : 'Server …'}
      </span>
    </footer>
  );
}
