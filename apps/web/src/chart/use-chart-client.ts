/** Where the chart gets the SDK client from: the shell's WebSocketProvider (`ClientContext`). */
import type { CandlewireClient } from '@candlewire/client';
import { use } from 'react';
import { ClientContext } from '../ws/client-context';

/** The app's SDK client, or null outside a provider (the chart then shows history only). */
export function useChartClient(): CandlewireClient | null {
  return use(ClientContext);
}
