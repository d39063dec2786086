/** Framework-free Candlewire client SDK (browser and Node). */
export type * from './types';
export { createClient, RECONNECT_BASE_MS, RECONNECT_CAP_MS, backoffDelay } from './client';
export { INTERNAL_RETRY_MS, RATE_LIMITED_RETRY_MS } from './channels';
