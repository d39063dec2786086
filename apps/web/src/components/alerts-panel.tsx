import type { Alert } from '@candlewire/protocol';
import { memo } from 'react';
import { useStore } from 'zustand';
import { ALERT_BADGE, alertClock } from '../pulse/alert-text';
import { layoutStore } from '../stores/layout-store';
import { pulseStore } from '../stores/pulse-store';

const showSymbol = (symbol: string): void => layoutStore.getState().showSymbol(symbol);

/** One alert line: kind badge, message, local time; a click shows its symbol. */
export const AlertRow = memo(function AlertRow({ alert }: { alert: Alert }) {
  const badge = ALERT_BADGE[alert.kind];
  return (
    <li className="alert-row" data-testid="alert" data-kind={alert.kind} data-symbol={alert.symbol} data-id={alert.id}>
      <button
        type="button"
        className="alert-main"
        title={`Show ${alert.symbol} on the focused chart`}
        onClick={() => showSymbol(alert.symbol)}
      >
        <span className={`alert-badge kind-${alert.kind}`}>
          <span aria-hidden="true">{badge.icon}</span> {badge.label}
        </span>
        <span className="alert-message">{alert.message}</span>
        <time className="alert-time num" dateTime={new Date(alert.time).toISOString()}>
          {alertClock(alert.time)}
        </time>
      </button>
    </li>
  );
});

/** Latest alerts, newest first (`alerts` channel). */
export function AlertsPanel() {
  const alerts = useStore(pulseStore, (s) => s.alerts);
  return (
    <section className="pulse-panel alerts-panel" data-testid="alerts" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading" className="pulse-heading" title="Surges, plunges and volume spikes the server detects">
        Market alerts <span className="muted">{alerts.length > 0 ? `${alerts.length} latest` : 'none yet'}</span>
      </h2>
      {alerts.length === 0 ? null : (
        <ol className="alerts-list" aria-label="Latest alerts, newest first">
          {alerts.map((a) => (
            <AlertRow key={a.id} alert={a} />
          ))}
        </ol>
      )}
    </section>
  );
}
