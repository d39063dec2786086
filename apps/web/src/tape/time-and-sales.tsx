/**
 * Time and sales (`data-testid="time-and-sales"`): the focused chart's symbol, trade by trade.
 * Only the rows on screen are rendered and a scrolled view is kept in place (`use-row-window.ts`);
 * the list's `data-count` is the tape's length and `data-newest` its newest trade's id.
 */
import { memo, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useInstrument } from '../api/queries';
import { formatPrice, formatVolume, tickDecimals } from '../lib/format';
import { layoutStore } from '../stores/layout-store';
import type { TapeRow } from './trade-tape';
import { useRowWindow, useScrolledViewKept } from './use-row-window';
import { useTradeTape } from './use-trade-tape';

const clocks = new Map<string, Intl.DateTimeFormat>();

/** HH:MM:SS in `timeZone` (the exchange's), cached per zone. */
function clockIn(timeZone: string): Intl.DateTimeFormat {
  let f = clocks.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, f);
  }
  return f;
}

const Row = memo(function Row({ row, decimals, clock }: { row: TapeRow; decimals: number; clock: Intl.DateTimeFormat }) {
  return (
    <li className="ts-row" data-testid="tape-row" data-side={row.side} data-large={row.large} data-id={row.id}>
      <span className="ts-price num">{formatPrice(row.price, decimals)}</span>
      <span className="ts-size num">{formatVolume(row.size)}</span>
      <span className="ts-side" aria-label={row.side === 'buy' ? 'buy' : 'sell'}>
        {row.side === 'buy' ? '▲ B' : '▼ S'}
      </span>
      <time className="ts-time num" dateTime={new Date(row.time).toISOString()}>
        {clock.format(row.time)}
      </time>
    </li>
  );
});

/** The tape panel of the focused chart's symbol. */
export function TimeAndSales() {
  const symbol = useStore(layoutStore, (s) => s.charts[s.focused]?.symbol ?? '');
  const info = useInstrument(symbol);
  const { rows, error } = useTradeTape(symbol);
  const decimals = info ? tickDecimals(info.tickSize) : 2;
  const zone = info?.timezone ?? 'UTC';
  const clock = useMemo(() => clockIn(zone), [zone]);
  const [list, setList] = useState<HTMLDivElement | null>(null);
  const shown = useRowWindow(list, rows.length);
  useScrolledViewKept(list, rows);
  return (
    <section className="pulse-panel ts-panel" data-testid="time-and-sales" data-symbol={symbol} aria-labelledby="ts-heading">
      <h2 id="ts-heading" className="pulse-heading">
        Time &amp; sales <span className="ts-symbol">{symbol}</span>
        <span className="muted ts-zone" title="Trade times are in the exchange's time zone">
          {zone.split('/').at(-1)?.replace('_', ' ')}
        </span>
      </h2>
      <div className="ts-head" aria-hidden="true">
        <span className="num">Price</span>
        <span className="num">Size</span>
        <span>Side</span>
        <span className="num">Time</span>
      </div>
      {error !== null ? (
        <p className="pulse-empty">{error}</p>
      ) : rows.length === 0 ? (
        <p className="pulse-empty">Waiting for trades…</p>
      ) : (
        <div ref={setList} className="ts-scroll">
          <ol
            className="ts-list"
            aria-label={`Latest trades of ${symbol}, newest first`}
            data-count={rows.length}
            data-newest={rows[0]?.id}
            style={{ paddingTop: shown.padTop, paddingBottom: shown.padBottom }}
          >
            {rows.slice(shown.start, shown.end).map((r) => (
              <Row key={r.id} row={r} decimals={decimals} clock={clock} />
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
