/** The price alert list (`data-testid="alert-list"`): every alert, to edit, re-arm or delete. */
import { memo } from 'react';
import { useStore } from 'zustand';
import { useInstrument } from '../api/queries';
import { CloseIcon, PencilIcon } from '../components/icons';
import { formatPrice, tickDecimals } from '../lib/format';
import { layoutStore } from '../stores/layout-store';
import { quotesStore } from '../stores/quotes-store';
import { BellIcon } from './bell-icon';
import { CONDITION_WORD, type PriceAlert } from './model';
import { newAlertFor } from './open-alert';
import { priceAlertsStore } from './store';
import { openAlertDialog } from './ui-store';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

const AlertItem = memo(function AlertItem({ alert }: { alert: PriceAlert }) {
  const info = useInstrument(alert.symbol);
  const decimals = info ? tickDecimals(info.tickSize) : 2;
  const fired = alert.triggered;
  const last = (): number | null => quotesStore.getState().bySymbol[alert.symbol]?.quote?.price ?? null;
  const label = `${alert.symbol} ${CONDITION_WORD[alert.condition]} ${formatPrice(alert.price, decimals)}`;
  return (
    <li
      className="pa-item"
      data-testid="price-alert"
      data-id={alert.id}
      data-symbol={alert.symbol}
      data-state={fired === null ? 'armed' : 'fired'}
    >
      <button
        type="button"
        className="pa-item-main"
        title={`Show ${alert.symbol} on the focused chart`}
        onClick={() => layoutStore.getState().showSymbol(alert.symbol)}
      >
        <span className="pa-item-symbol">{alert.symbol}</span>
        <span className="pa-item-cond">
          {CONDITION_WORD[alert.condition]} <b className="num">{formatPrice(alert.price, decimals)}</b>
        </span>
        <span className="pa-item-state">
          {fired === null ? 'armed' : `fired ${clock.format(fired.at)} at ${formatPrice(fired.price, decimals)}`}
        </span>
        {alert.note !== '' && <span className="pa-item-note">{alert.note}</span>}
      </button>
      <span className="pa-item-actions">
        {fired !== null && (
          <button
            type="button"
            className="text-btn sm"
            data-testid="alert-rearm"
            aria-label={`Re-arm ${label}`}
            onClick={() => priceAlertsStore.getState().rearm(alert.id, last(), Date.now())}
          >
            Re-arm
          </button>
        )}
        <button
          type="button"
          className="icon-btn sm"
          data-testid="alert-edit"
          aria-label={`Edit ${label}`}
          onClick={() => openAlertDialog(alert, alert.id)}
        >
          <PencilIcon />
        </button>
        <button
          type="button"
          className="icon-btn sm danger"
          data-testid="alert-remove"
          aria-label={`Delete ${label}`}
          onClick={() => priceAlertsStore.getState().remove(alert.id)}
        >
          <CloseIcon />
        </button>
      </span>
    </li>
  );
});

/** Sidebar panel: the trader's price alerts, newest first, and a button for a new one. */
export function PriceAlertsPanel() {
  const alerts = useStore(priceAlertsStore, (s) => s.alerts);
  const armed = alerts.filter((a) => a.triggered === null).length;
  return (
    <section className="pulse-panel price-alerts-panel" data-testid="price-alerts" aria-labelledby="price-alerts-heading">
      <h2 id="price-alerts-heading" className="pulse-heading">
        Price alerts <span className="muted">{alerts.length > 0 ? `${armed} armed` : ''}</span>
        <button
          type="button"
          className="text-btn sm pa-new"
          data-testid="alert-new"
          onClick={newAlertFor}
          title="New alert on the focused chart's symbol (A)"
        >
          <BellIcon /> New <kbd>A</kbd>
        </button>
      </h2>
      {alerts.length === 0 ? (
        <p className="pulse-empty" data-testid="alert-list-empty">
          None yet: the bell on a chart or row, or <kbd>A</kbd>. They run while Candlewire is open.
        </p>
      ) : (
        <ol className="pa-list" data-testid="alert-list" aria-label="Price alerts, newest first">
          {[...alerts].reverse().map((a) => (
            <AlertItem key={a.id} alert={a} />
          ))}
        </ol>
      )}
    </section>
  );
}
