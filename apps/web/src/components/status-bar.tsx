import { useEffect } from 'react';
import { useServerStatus } from '../api/queries';
import { formatUptime } from '../lib/format';
import { useConnectionStatus } from '../ws';

const STATUS_WORD = { open: 'open', closed: 'closed', pre: 'pre-market', post: 'after-hours' } as const;

/** Bottom bar: keyboard hints, market sessions and server health from `/api/status`. */
export function StatusBar() {
  const { data, error, refetch } = useServerStatus();
  const connection = useConnectionStatus();
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
      <span className="markets" data-testid="markets">
        {data?.markets.map((m) => (
          <span key={m.id} className="market" data-status={m.status} title={`${m.name} (${m.timezone})`}>
            <span className="market-dot" aria-hidden="true" />
            {m.id} {STATUS_WORD[m.status]}
          </span>
        ))}
      </span>
      <span className="server" data-testid="server-status">
        {error
          ? `Server status unavailable: ${error.message}`
          : data
            ? `Server ${data.status} · feed ${data.sources.map((s) => `${s.id} ${s.state}`).join(', ')} · ${data.connections} client${data.connections === 1 ? '' : 's'} · up ${formatUptime(data.uptimeSec)}`
            : 'Server …'}
      </span>
    </footer>
  );
}
