import type { Quote } from '@candlewire/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { quoteOf } from '../../../../packages/protocol/test/channel-data';
import { putQuote, quotesStore } from '../stores/quotes-store';
import { startAlertEngine } from './engine';
import type { PriceAlert } from './model';
import { priceAlertsStore } from './store';

const quote = (symbol: string, price: number, time: number): Quote => quoteOf(symbol, price, { volume: 1, time });

describe('alert engine over the quotes store', () => {
  afterEach(() => {
    priceAlertsStore.setState({ alerts: [] });
    quotesStore.setState({ bySymbol: {} });
  });

  it('fires a crossing once, on the quote that crosses, and marks it fired at that quote', () => {
    const fired: [string[], number][] = [];
    putQuote('AAPL', quote('AAPL', 99, 1));
    const id = priceAlertsStore.getState().add({ symbol: 'AAPL', condition: 'crossing', price: 100, note: '' }, 99, 1);
    const stop = startAlertEngine((alerts: PriceAlert[], q: Quote) => fired.push([alerts.map((a) => a.id), q.price]));
    putQuote('AAPL', quote('AAPL', 99.5, 2));
    putQuote('MSFT', quote('MSFT', 500, 3));
    expect(fired).toEqual([]);
    putQuote('AAPL', quote('AAPL', 100.2, 4));
    putQuote('AAPL', quote('AAPL', 99, 5));
    putQuote('AAPL', quote('AAPL', 101, 6));
    stop();
    expect(fired).toEqual([[[id], 100.2]]);
    expect(priceAlertsStore.getState().alerts[0]?.triggered).toEqual({ at: 4, price: 100.2 });
  });

  it('re-armed, it fires again; after stop, nothing fires', () => {
    const fired: number[] = [];
    putQuote('NVDA', quote('NVDA', 150, 1));
    const id = priceAlertsStore.getState().add({ symbol: 'NVDA', condition: 'above', price: 120, note: '' }, 150, 1);
    const stop = startAlertEngine((_alerts, q) => fired.push(q.time));
    expect(fired).toEqual([1]); // the quote already held when it started meets "at or above"
    priceAlertsStore.getState().rearm(id, 150, 2);
    putQuote('NVDA', quote('NVDA', 151, 3));
    stop();
    priceAlertsStore.getState().rearm(id, 151, 4);
    putQuote('NVDA', quote('NVDA', 152, 5));
    expect(fired).toEqual([1, 3]);
  });
});
