import type { Mover } from '@candlewire/protocol';
import { memo } from 'react';
import { useStore } from 'zustand';
import { useInstrument } from '../api/queries';
import { formatChangePct, formatPrice, tickDecimals } from '../lib/format';
import { layoutStore } from '../stores/layout-store';
import { pulseStore } from '../stores/pulse-store';

type Side = 'gainer' | 'loser';

const showSymbol = (symbol: string): void => layoutStore.getState().showSymbol(symbol);

const MoverRow = memo(function MoverRow({ mover, side, current }: { mover: Mover; side: Side; current: boolean }) {
  const info = useInstrument(mover.symbol);
  const decimals = info ? tickDecimals(info.tickSize) : 2;
  return (
    <li>
      <button
        type="button"
        className="mover"
        data-testid="mover"
        data-symbol={mover.symbol}
        data-side={side}
        aria-current={current || undefined}
        title={`${info?.name ?? mover.symbol}: ${formatPrice(mover.price, decimals)}, ${formatChangePct(mover.changePct)} today. Show on the focused chart`}
        onClick={() => showSymbol(mover.symbol)}
      >
        <span className="mover-symbol">{mover.symbol}</span>
        <span className="mover-price num sr-only">{formatPrice(mover.price, decimals)}</span>
        <span className="mover-pct num" data-dir={side === 'gainer' ? 'up' : 'down'}>
          {side === 'gainer' ? '▲' : '▼'} {formatChangePct(mover.changePct)}
        </span>
      </button>
    </li>
  );
});

function MoverList({
  title,
  side,
  movers,
  current,
}: {
  title: string;
  side: Side;
  movers: Mover[] | undefined;
  current: string | undefined;
}) {
  return (
    <section className="movers-col" aria-label={title}>
      <h3 className="movers-title">{title}</h3>
      {movers === undefined ? (
        <p className="pulse-empty">Loading…</p>
      ) : movers.length === 0 ? (
        <p className="pulse-empty">None today</p>
      ) : (
        <ol className="movers-list" data-testid={`movers-${side}s`}>
          {movers.map((m) => (
            <MoverRow key={m.symbol} mover={m} side={side} current={m.symbol === current} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Top gainers and losers of the day (`markets` channel); a click shows the symbol on the focused chart. */
export function MoversPanel() {
  const movers = useStore(pulseStore, (s) => s.markets?.movers);
  const current = useStore(layoutStore, (s) => s.charts[s.focused]?.symbol);
  return (
    <section
      className="pulse-panel movers-panel"
      data-testid="movers"
      data-state={movers === undefined ? 'loading' : 'live'}
      aria-labelledby="movers-heading"
    >
      <h2 id="movers-heading" className="pulse-heading">
        Movers <span className="muted">day change</span>
      </h2>
      <div className="movers-cols">
        <MoverList title="Gainers" side="gainer" movers={movers?.gainers} current={current} />
        <MoverList title="Losers" side="loser" movers={movers?.losers} current={current} />
      </div>
    </section>
  );
}
