import type { Alert, MarketsData } from '@candlewire/protocol';
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
    const offMarkets = client.subscribe('markets', (event) => {
      if (event.type === 'snapshot') putMarkets(event.snapshot as MarketsData | null);
      else if (event.type === 'update') putMarkets(event.data as MarketsData);
    });
    const offAlerts = client.subscribe('alerts', (event) => {
      if (event.type === 'snapshot') putAlertsSnapshot(Array.isArray(event.snapshot) ? (event.snapshot as Alert[]) : []);
      else if (event.type === 'update') putAlert(event.data as Alert);
    });
    return () => {
      offMarkets();
      offAlerts();
    };
  }, [client]);
}
