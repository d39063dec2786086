import { channel } from '@candlewire/protocol';
import { useEffect } from 'react';
import { putAlert, putAlertsSnapshot, putMarkets } from '../stores/pulse-store';
import { useClient } from '../ws/client-context';

/**
 * Subscribes `markets` and `alerts` for the whole app (mounted once, in the shell) and feeds the
 * pulse store: snapshots replace, updates add; only updates raise toasts.
 */
export function usePulseFeed(): void {
  const client = useClient();
  useEffect(() => {
    const offMarkets = client.subscribe(channel.markets(), (event) => {
      if (event.type === 'snapshot') putMarkets(event.snapshot);
      else if (event.type === 'update') putMarkets(event.data);
    });
    const offAlerts = client.subscribe(channel.alerts(), (event) => {
      if (event.type === 'snapshot') putAlertsSnapshot(event.snapshot);
      else if (event.type === 'update') putAlert(event.data);
    });
    return () => {
      offMarkets();
      offAlerts();
    };
  }, [client]);
}
