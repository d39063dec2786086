/** Mounted once in the shell: keeps a quote subscription per symbol with armed alerts and fires them. */
import type { Quote } from '@candlewire/protocol';
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useInstruments } from '../api/queries';
import { formatPrice, tickDecimals } from '../lib/format';
import { useQuote } from '../ws';
import { notifyBrowser, startAlertEngine } from './engine';
import { describeAlert, type PriceAlert } from './model';
import { armedSymbols, priceAlertsStore } from './store';
import { toastFired } from './ui-store';

/** Subscribes `quote:SYMBOL` (ref-counted by the SDK with the watchlist's own). */
function QuoteWatch({ symbol }: { symbol: string }) {
  useQuote(symbol);
  return null;
}

/** Price alerts fire while this is mounted: toasts, and browser notifications where allowed. */
export function PriceAlertEngine() {
  const symbols = useStore(
    priceAlertsStore,
    useShallow((s) => armedSymbols(s.alerts)),
  );
  const instruments = useInstruments().data;
  const decimalsRef = useRef<(symbol: string) => number>(() => 2);
  useEffect(() => {
    const bySymbol = new Map((instruments ?? []).map((i) => [i.symbol, tickDecimals(i.tickSize)]));
    decimalsRef.current = (symbol) => bySymbol.get(symbol) ?? 2;
  }, [instruments]);

  useEffect(
    () =>
      startAlertEngine((alerts: PriceAlert[], quote: Quote) => {
        toastFired(alerts, quote.price, quote.time);
        const decimals = decimalsRef.current(quote.symbol);
        for (const a of alerts) {
          const body = `Last ${formatPrice(quote.price, decimals)}${a.note === '' ? '' : ` · ${a.note}`}`;
          notifyBrowser(describeAlert(a, formatPrice(a.price, decimals)), body, a.id);
        }
      }),
    [],
  );

  return (
    <>
      {symbols.map((s) => (
        <QuoteWatch key={s} symbol={s} />
      ))}
    </>
  );
}
