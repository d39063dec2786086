/** Price alerts set by the trader: model, store, engine, dialog, list and toasts. */
export { AlertDialog, WHILE_OPEN_NOTE } from './alert-dialog';
export { PriceAlertEngine } from './alert-engine';
export { PriceAlertsPanel } from './alerts-panel';
export { BellIcon } from './bell-icon';
export { FiredAlertToasts } from './fired-toasts';
export { newAlertFor, newAlertOn } from './open-alert';
export { priceAlertsStore, syncPriceAlertsAcrossTabs } from './store';
