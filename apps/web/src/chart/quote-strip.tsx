/** The quote strip above a chart: bid, ask, spread, day high/low, day volume and change, live from `quote:`. */
import { formatChange, formatChangePct, formatPrice, formatVolume } from '../lib/format';
import { useQuote } from '../ws';

/** Props of the strip. */
export interface QuoteStripProps {
  symbol: string;
  decimals: number;
}

function Item({ field, label, value, tone = '', extra }: { field: string; label: string; value: string; tone?: string; extra?: string }) {
  return (
    <span className="cw-quote-item" data-field={field}>
      <span className="cw-legend-label">{label}</span> <span className={`cw-quote-value ${tone}`}>{value}</span>
      {extra !== undefined && <span className="cw-quote-extra">{extra}</span>}
    </span>
  );
}

/**
 * `quote-strip`: items carry `data-field` = bid | ask | change | spread | high | low | volume.
 * NOTE: most important first: on a narrow chart the items that do not fit wrap onto a hidden
 * second line (whole items disappear, never half of one).
 */
export function QuoteStrip({ symbol, decimals }: QuoteStripProps) {
  const entry = useQuote(symbol);
  const quote = entry?.quote ?? null;
  if (quote === null) {
    return (
      <div className="cw-quote-strip" data-testid="quote-strip" data-state="waiting">
        <span className="cw-legend-label">Waiting for the first quote…</span>
      </div>
    );
  }
  const price = (v: number): string => formatPrice(v, decimals);
  const spread = quote.ask - quote.bid;
  const mid = (quote.ask + quote.bid) / 2;
  const bp = mid > 0 ? (spread / mid) * 10_000 : NaN;
  const tone = quote.change > 0 ? 'cw-up' : quote.change < 0 ? 'cw-down' : 'cw-flat';
  return (
    <div className="cw-quote-strip" data-testid="quote-strip" data-state={quote.state}>
      {entry?.delayed === true && (
        <span
          className="cw-quote-item cw-quote-delayed"
          data-field="delayed"
          title="The server lost its data store; prices catch up by themselves"
        >
          Delayed
        </span>
      )}
      <Item field="bid" label="Bid" value={price(quote.bid)} tone="cw-down" />
      <Item field="ask" label="Ask" value={price(quote.ask)} tone="cw-up" />
      <Item
        field="change"
        label="Chg"
        value={`${formatChange(quote.change, decimals, '−')} (${formatChangePct(quote.changePct, '−')})`}
        tone={tone}
      />
      <Item field="spread" label="Spread" value={price(spread)} {...(Number.isFinite(bp) ? { extra: `${bp.toFixed(1)} bp` } : {})} />
      <Item field="high" label="Day H" value={price(quote.high)} />
      <Item field="low" label="L" value={price(quote.low)} />
      <Item field="volume" label="Vol" value={formatVolume(quote.volume)} />
    </div>
  );
}
