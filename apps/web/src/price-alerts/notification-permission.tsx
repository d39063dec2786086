/** Asks for (or explains) browser notifications for price alerts. */
import { useState } from 'react';

type Permission = NotificationPermission | 'unsupported';

const current = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** One line: a button to allow notifications, or what their state is. */
export function NotifyPermission() {
  const [permission, setPermission] = useState<Permission>(current);
  if (permission === 'unsupported') return <p className="pa-perm muted">This browser shows alerts on the page only.</p>;
  if (permission === 'granted')
    return (
      <p className="pa-perm muted" data-testid="notify-state" data-state="granted">
        Browser notifications are on for alerts.
      </p>
    );
  if (permission === 'denied') {
    return (
      <p className="pa-perm muted" data-testid="notify-state" data-state="denied">
        Browser notifications are blocked for this site; alerts show on the page.
      </p>
    );
  }
  return (
    <p className="pa-perm">
      <button
        type="button"
        className="text-btn"
        data-testid="notify-enable"
        onClick={() => void Notification.requestPermission().then(setPermission, () => setPermission(current()))}
      >
        Also notify me outside the tab
      </button>
    </p>
  );
}
