import { memo, useRef, type DragEvent } from 'react';
import { useInstrument } from '../api/queries';
import { quoteErrorBadge } from '../lib/human-text';
import { BellIcon, newAlertOn } from '../price-alerts';
import { directionOf, formatChange, formatChangePct, formatPrice, tickDecimals } from '../lib/format';
import { useQuote } from '../ws';
import { CloseIcon, DownIcon, GripIcon, UpIcon } from './icons';
import { useFlash } from './use-flash';

/** Props of one watchlist row. */
export interface WatchlistRowProps {
  symbol: string;
  index: number;
  last: boolean;
  /** Shown on the focused chart. */
  current: boolean;
  onSelect: (symbol: string) => void;
  onRemove: (symbol: string) => void;
  onMove: (from: number, to: number) => void;
}

const ARROWS = { up: '▲', down: '▼', flat: '' } as const;

function QuoteErrorBadge({ symbol, code, message }: { symbol: string; code: string; message: string }) {
  const { text, title } = quoteErrorBadge(symbol, code, message);
  return (
    <span
      className={`badge ${code === 'UNKNOWN_SYMBOL' ? 'badge-closed' : 'badge-error'}`}
      data-testid="quote-error"
      data-code={code}
      title={title}
    >
      {text}
    </span>
  );
}

/** One watchlist row; re-renders only when its own quote or props change. */
export const WatchlistRow = memo(function WatchlistRow({ symbol, index, last, current, onSelect, onRemove, onMove }: WatchlistRowProps) {
  const entry = useQuote(symbol);
  const info = useInstrument(symbol);
  const priceRef = useRef<HTMLSpanElement>(null);
  const quote = entry?.quote ?? null;
  useFlash(priceRef, quote?.price);

  const decimals = info ? tickDecimals(info.tickSize) : 2;
  const dir = quote ? directionOf(quote.change) : 'flat';
  const badge = entry?.error ? 'error' : quote && quote.state !== 'live' ? quote.state : null;

  const onDragStart = (e: DragEvent<HTMLLIElement>): void => {
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('application/x-candlewire-index', String(index));
  };
  const onDragOver = (e: DragEvent<HTMLLIElement>): void => {
    if (!e.dataTransfer.types.includes('application/x-candlewire-index')) return;
    e.preventDefault();
    e.currentTarget.dataset['dropTarget'] = 'true';
  };
  const clearDrop = (e: DragEvent<HTMLLIElement>): void => {
    delete e.currentTarget.dataset['dropTarget'];
  };
  const onDrop = (e: DragEvent<HTMLLIElement>): void => {
    clearDrop(e);
    const from = Number(e.dataTransfer.getData('application/x-candlewire-index'));
    if (Number.isInteger(from)) onMove(from, index);
  };

  return (
    <li
      className="wl-row"
      data-testid="watchlist-row"
      data-symbol={symbol}
      data-state={quote?.state}
      data-current={current}
      draggable
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={clearDrop}
      onDrop={onDrop}
    >
      <span className="wl-grip" aria-hidden="true" title="Drag to reorder">
        <GripIcon />
      </span>
      <button
        type="button"
        className="wl-main"
        aria-current={current || undefined}
        title={`Show ${symbol} on the focused chart`}
        onClick={() => onSelect(symbol)}
      >
        <span className="wl-symbol" data-field="symbol">
          {symbol}
        </span>
        <span className="wl-price num" data-field="price" ref={priceRef}>
          {quote ? formatPrice(quote.price, decimals) : '—'}
        </span>
        <span className="wl-pct num" data-field="changePct" data-dir={dir}>
          {quote ? `${ARROWS[dir]} ${formatChangePct(quote.changePct)}`.trim() : ''}
        </span>
        <span className="wl-name" data-field="name" title={info?.name}>
          {info?.name ?? ''}
        </span>
        <span className="wl-chg num" data-dir={dir}>
          {quote ? formatChange(quote.change, decimals) : ''}
        </span>
        <span className="wl-badge-cell">
          {badge === 'error' && entry?.error ? (
            <QuoteErrorBadge symbol={symbol} code={entry.error.code} message={entry.error.message} />
          ) : badge !== null ? (
            <span
              className={`badge badge-${badge}`}
              data-testid="quote-state"
              title={
                badge !== 'stale'
                  ? 'Market closed'
                  : entry?.delayed === true
                    ? 'Market data delayed: the server lost its data store, prices resume by themselves'
                    : 'No fresh data from the source'
              }
            >
              {badge.toUpperCase()}
            </span>
          ) : null}
        </span>
      </button>
      <span className="wl-actions">
        <button
          type="button"
          className="icon-btn sm"
          data-testid="watchlist-alert"
          aria-label={`New price alert on ${symbol}`}
          title={`New price alert on ${symbol}`}
          onClick={() => newAlertOn(symbol)}
        >
          <BellIcon />
        </button>
        <button
          type="button"
          className="icon-btn sm"
          aria-label={`Move ${symbol} up`}
          disabled={index === 0}
          onClick={() => onMove(index, index - 1)}
        >
          <UpIcon />
        </button>
        <button
          type="button"
          className="icon-btn sm"
          aria-label={`Move ${symbol} down`}
          disabled={last}
          onClick={() => onMove(index, index + 1)}
        >
          <DownIcon />
        </button>
        <button
          type="button"
          className="icon-btn sm danger"
          data-testid="watchlist-remove"
          aria-label={`Remove ${symbol}`}
          onClick={() => onRemove(symbol)}
        >
          <CloseIcon />
        </button>
      </span>
    </li>
  );
});
