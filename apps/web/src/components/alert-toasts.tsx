import type { Alert } from '@candlewire/protocol';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { ALERT_BADGE, alertClock } from '../pulse/alert-text';
import { layoutStore } from '../stores/layout-store';
import { dismissToast, pulseStore } from '../stores/pulse-store';
import { CloseIcon } from './icons';

/** How long a toast stays. */
export const TOAST_MS = 8000;

function Toast({ alert }: { alert: Alert }) {
  useEffect(() => {
    const timer = setTimeout(() => dismissToast(alert.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [alert.id]);
  const badge = ALERT_BADGE[alert.kind];
  return (
    <div className="toast" data-testid="toast" data-kind={alert.kind} data-symbol={alert.symbol} data-id={alert.id}>
      <button
        type="button"
        className="toast-main"
        title={`Show ${alert.symbol} on the focused chart`}
        onClick={() => {
          layoutStore.getState().showSymbol(alert.symbol);
          dismissToast(alert.id);
        }}
      >
        <span className={`alert-badge kind-${alert.kind}`}>
          <span aria-hidden="true">{badge.icon}</span> {badge.label}
        </span>
        <span className="toast-message">{alert.message}</span>
        <span className="toast-time muted num">{alertClock(alert.time)}</span>
      </button>
      <button type="button" className="icon-btn sm" aria-label={`Dismiss alert ${alert.message}`} onClick={() => dismissToast(alert.id)}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** Toasts for new alerts (never for a snapshot's old ones), newest on top, announced politely. */
export function AlertToasts() {
  const toasts = useStore(pulseStore, (s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="New alerts" data-testid="toasts">
      {toasts.map((a) => (
        <Toast key={a.id} alert={a} />
      ))}
    </div>
  );
}
