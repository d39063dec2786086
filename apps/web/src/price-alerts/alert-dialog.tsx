/** The price alert dialog (`data-testid="alert-dialog"`): create or edit one alert. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { useInstrument } from '../api/queries';
import { formatPrice, tickDecimals } from '../lib/format';
import { quotesStore } from '../stores/quotes-store';
import { ALERT_CONDITIONS, CONDITION_WORD, MAX_NOTE, snapToTick, type AlertCondition, type AlertDraft } from './model';
import { NotifyPermission } from './notification-permission';
import { priceAlertsStore } from './store';
import { closeAlertDialog, priceAlertsUi, type AlertDialogState } from './ui-store';

/** What the trader is told about when alerts run. */
export const WHILE_OPEN_NOTE = 'Alerts run in this browser while Candlewire is open; they are saved here and resume when you come back.';

const lastPrice = (symbol: string): number | null => quotesStore.getState().bySymbol[symbol]?.quote?.price ?? null;

function Form({ state }: { state: AlertDialogState }) {
  const info = useInstrument(state.draft.symbol);
  const tick = info?.tickSize ?? 0.01;
  const decimals = tickDecimals(tick);
  const last = useStore(quotesStore, (s) => s.bySymbol[state.draft.symbol]?.quote?.price ?? null);
  const [condition, setCondition] = useState<AlertCondition>(state.draft.condition);
  const [priceText, setPriceText] = useState(() => formatPrice(state.draft.price, decimals));
  const [note, setNote] = useState(state.draft.note);
  const price = Number(priceText);
  const valid = priceText.trim() !== '' && Number.isFinite(price) && price > 0;
  const immediate = valid && last !== null && ((condition === 'above' && last >= price) || (condition === 'below' && last <= price));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!valid) return;
    const draft: AlertDraft = { symbol: state.draft.symbol, condition, price: snapToTick(price, tick), note: note.slice(0, MAX_NOTE) };
    const store = priceAlertsStore.getState();
    if (state.id === null) store.add(draft, lastPrice(draft.symbol), Date.now());
    else store.update(state.id, draft, lastPrice(draft.symbol), Date.now());
    closeAlertDialog();
  };
  const remove = (): void => {
    if (state.id !== null) priceAlertsStore.getState().remove(state.id);
    closeAlertDialog();
  };

  return (
    <form className="pa-form" onSubmit={submit} method="dialog">
      <h2 id="alert-dialog-title" className="pa-title">
        {state.id === null ? 'New price alert' : 'Edit price alert'} · <span className="pa-symbol">{state.draft.symbol}</span>
      </h2>
      <p className="pa-last muted">
        Last {last === null ? '—' : formatPrice(last, decimals)} {info ? `· ${info.name}` : ''}
      </p>
      <div className="pa-row">
        <label className="pa-field">
          <span>When the price is</span>
          <select data-testid="alert-condition" value={condition} onChange={(e) => setCondition(e.target.value as AlertCondition)}>
            {ALERT_CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_WORD[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="pa-field">
          <span>Price</span>
          <input
            data-testid="alert-price"
            type="number"
            inputMode="decimal"
            step={tick}
            min={0}
            value={priceText}
            aria-invalid={!valid}
            onChange={(e) => setPriceText(e.target.value)}
            data-autofocus
          />
        </label>
      </div>
      <label className="pa-field">
        <span>Note (optional)</span>
        <input
          data-testid="alert-note"
          type="text"
          maxLength={MAX_NOTE}
          value={note}
          placeholder="e.g. breakout above range"
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {immediate && (
        <p className="pa-warn">The price is already {CONDITION_WORD[condition]} this level: the alert fires on the next quote.</p>
      )}
      <p className="pa-note muted">{WHILE_OPEN_NOTE}</p>
      <NotifyPermission />
      <div className="pa-actions">
        {state.id !== null && (
          <button type="button" className="text-btn danger" data-testid="alert-delete" onClick={remove}>
            Delete
          </button>
        )}
        <button type="button" className="text-btn" onClick={closeAlertDialog}>
          Cancel
        </button>
        <button type="submit" className="text-btn primary" data-testid="alert-save" disabled={!valid}>
          {state.id === null ? 'Create alert' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** The modal dialog; open while the UI store holds a dialog state. Esc or Cancel closes it. */
export function AlertDialog() {
  const state = useStore(priceAlertsUi, (s) => s.dialog);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (state !== null && !dialog.open) {
      dialog.showModal();
      // NOTE: focus lands on the price, the field traders change most (showModal would pick the first field).
      const price = dialog.querySelector('[data-autofocus]');
      if (price instanceof HTMLInputElement) {
        price.focus();
        price.select();
      }
    }
    if (state === null && dialog.open) dialog.close();
  }, [state]);
  return (
    <dialog ref={ref} className="pa-dialog" data-testid="alert-dialog" aria-labelledby="alert-dialog-title" onClose={closeAlertDialog}>
      {state !== null && <Form key={`${state.id ?? 'new'}:${state.draft.symbol}:${state.draft.price}`} state={state} />}
    </dialog>
  );
}
