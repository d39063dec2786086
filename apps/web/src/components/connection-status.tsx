import type { ConnectionState } from '@candlewire/client';
import { useEffect, useReducer } from 'react';
import { formatAge, formatCountdown } from '../lib/format';
import { useConnection, useDataDelayed } from '../ws';

/** Visible parts of the indicator; `live` parts tick and are hidden from screen readers. */
interface Parts {
  label: string;
  live: string;
  tail: string;
}

function describe(state: ConnectionState, latencyMs: number | null, lastMessageAt: number | null, now: number): Parts {
  switch (state.status) {
    case 'connecting':
      return { label: 'Connecting…', live: '', tail: state.attempt > 0 ? ` (attempt ${state.attempt})` : '' };
    case 'connected': {
      const latency = latencyMs === null ? '' : ` · ${Math.round(latencyMs)} ms`;
      const age = lastMessageAt === null ? '' : ` · last msg ${formatAge(now - lastMessageAt)} ago`;
      return { label: 'Connected', live: `${latency}${age}`, tail: '' };
    }
    case 'reconnecting': {
      const code = state.lastCloseCode === null ? '' : `, code ${state.lastCloseCode}`;
      const left = state.retryAt - now;
      return { label: 'Reconnecting', live: left > 0 ? ` in ${formatCountdown(left)}` : '…', tail: ` (attempt ${state.attempt}${code})` };
    }
    case 'offline':
      return { label: 'Offline', live: '', tail: state.reason === 'browser-offline' ? ' · no network' : '' };
  }
}

/** Re-renders every 100 ms while `active` (the reconnect countdown). */
function useFastTick(active: boolean): void {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(tick, 100);
    return () => clearInterval(timer);
  }, [active]);
}

/** Header badge: connection state in words, latency, message age, reconnect countdown. */
export function ConnectionStatus() {
  const { state, latencyMs, lastMessageAt, now, error } = useConnection();
  // NOTE: the socket is fine while the server lost its data store: still `connected`, marked stale.
  const delayed = useDataDelayed() && state.status === 'connected';
  const reconnecting = state.status === 'reconnecting';
  useFastTick(reconnecting);
  // NOTE: the countdown reads the clock itself; the store only ticks once a second.
  const parts = describe(state, latencyMs, lastMessageAt, reconnecting ? Date.now() : now);

  useEffect(() => {
    document.documentElement.dataset['connection'] = state.status;
  }, [state.status]);

  return (
    <div
      className="conn"
      data-testid="connection-status"
      data-state={state.status}
      data-stale={delayed ? 'true' : undefined}
      role="status"
      aria-live="polite"
      title={error ?? undefined}
    >
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">
        <span className="conn-label">{parts.label}</span>
        {/* NOTE: ticking numbers are aria-hidden so the polite live region announces state changes, not every second. */}
        <span aria-hidden="true">{parts.live}</span>
        {parts.tail}
        {delayed && <span className="conn-delayed"> · data delayed</span>}
      </span>
    </div>
  );
}
