/** Toasts of fired price alerts (top right): they stay until dismissed, so none is missed. */
import { useStore } from 'zustand';
import { useInstrument } from '../api/queries';
import { CloseIcon } from '../components/icons';
import { formatPrice, tickDecimals } from '../lib/format';
import { layoutStore } from '../stores/layout-store';
import { BellIcon } from './bell-icon';
import { describeAlert } from './model';
import { dismissFired, priceAlertsUi, type FiredToast } from './ui-store';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function Toast({ toast }: { toast: FiredToast }) {
  const info = useInstrument(toast.alert.symbol);
  const decimals = info ? tickDecimals(info.tickSize) : 2;
  const { alert } = toast;
  const text = describeAlert(alert, formatPrice(alert.price, decimals));
  return (
    <div className="pa-toast" data-testid="price-alert-toast" data-id={alert.id} data-symbol={alert.symbol}>
      <button
        type="button"
        className="pa-toast-main"
        title={`Show ${alert.symbol} on the focused chart`}
        onClick={() => {
          layoutStore.getState().showSymbol(alert.symbol);
          dismissFired(toast.key);
        }}
      >
        <BellIcon className="pa-toast-bell" />
        <span className="pa-toast-text">
          <strong>{text}</strong>
          <span className="muted">
            Last {formatPrice(toast.price, decimals)} · {clock.format(toast.at)}
            {alert.note === '' ? '' : ` · ${alert.note}`}
          </span>
        </span>
      </button>
      <button type="button" className="icon-btn sm" aria-label={`Dismiss ${text}`} onClick={() => dismissFired(toast.key)}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** The fired-alert toasts, announced assertively (the trader asked for them). */
export function FiredAlertToasts() {
  const toasts = useStore(priceAlertsUi, (s) => s.toasts);
  return (
    <div className="pa-toasts" role="alert" aria-live="assertive" aria-label="Fired price alerts">
      {toasts.map((t) => (
        <Toast key={t.key} toast={t} />
      ))}
    </div>
  );
}
