/**
 * Price alerts set by the trader (pure): the shape kept in localStorage, how a live price
 * triggers one, and the repair of persisted data. Unit-tested without a DOM.
 */

/** When an alert fires: price at or above the level, at or below it, or crossing it either way. */
export type AlertCondition = 'above' | 'below' | 'crossing';

/** Conditions in menu order. */
export const ALERT_CONDITIONS = ['crossing', 'above', 'below'] as const satisfies readonly AlertCondition[];

/** How each condition reads. */
export const CONDITION_WORD = { above: 'at or above', below: 'at or below', crossing: 'crossing' } as const satisfies Record<
  AlertCondition,
  string
>;

/** One price alert. */
export interface PriceAlert {
  id: string;
  symbol: string;
  condition: AlertCondition;
  /** The level, in the instrument's price units. */
  price: number;
  /** Optional words shown when it fires. */
  note: string;
  /** Epoch ms it was created or last re-armed. */
  createdAt: number;
  /** The last price known when it was (re-)armed: the side a `crossing` alert starts from. */
  refPrice: number | null;
  /** Null while armed; set when it fired (alerts fire once, then wait to be re-armed). */
  triggered: { at: number; price: number } | null;
}

/** What a trader enters to create or edit an alert. */
export interface AlertDraft {
  symbol: string;
  condition: AlertCondition;
  price: number;
  note: string;
}

/** True when a move from `prev` (null = no earlier price) to `price` fires `alert`. */
export function fires(alert: Pick<PriceAlert, 'condition' | 'price'>, prev: number | null, price: number): boolean {
  switch (alert.condition) {
    case 'above':
      return price >= alert.price;
    case 'below':
      return price <= alert.price;
    case 'crossing':
      // NOTE: touching the level from either side counts; a start exactly on it waits for a side.
      return prev !== null && ((prev < alert.price && price >= alert.price) || (prev > alert.price && price <= alert.price));
  }
}

/**
 * The armed alerts of `symbol` that the move from `prev` to `price` fires. `prev` is the last
 * price seen this session; before any, each alert's own `refPrice` (so a cross that happened
 * while the page was closed fires on the first quote after it opens).
 */
export function firedBy(alerts: readonly PriceAlert[], symbol: string, prev: number | null, price: number): PriceAlert[] {
  return alerts.filter((a) => a.symbol === symbol && a.triggered === null && fires(a, prev ?? a.refPrice, price));
}

/** A one-line description: "AAPL crossing 190.00". */
export function describeAlert(alert: Pick<PriceAlert, 'symbol' | 'condition'>, priceText: string): string {
  return `${alert.symbol} ${CONDITION_WORD[alert.condition]} ${priceText}`;
}

/** The condition a level placed on the chart gets: above the last price → `above`, below → `below`. */
export function conditionFor(level: number, last: number | null): AlertCondition {
  if (last === null || level === last) return 'crossing';
  return level > last ? 'above' : 'below';
}

/** A level snapped to the instrument's tick (no float dust: 0.1 + 0.2). */
export function snapToTick(price: number, tickSize: number): number {
  if (!(tickSize > 0)) return price;
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(tickSize)) + 1));
  return Number((Math.round(price / tickSize) * tickSize).toFixed(decimals));
}

const CONDITIONS = new Set<unknown>(ALERT_CONDITIONS);
const SYMBOL = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
/** Longest note kept. */
export const MAX_NOTE = 120;
/** Most alerts kept (oldest dropped beyond). */
export const MAX_ALERTS = 200;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function sanitizeOne(value: unknown): PriceAlert | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (typeof r['id'] !== 'string' || typeof r['symbol'] !== 'string' || !SYMBOL.test(r['symbol'])) return null;
  if (!CONDITIONS.has(r['condition']) || !finite(r['price']) || r['price'] <= 0) return null;
  const t = r['triggered'];
  const triggered =
    typeof t === 'object' && t !== null && finite((t as Record<string, unknown>)['at']) && finite((t as Record<string, unknown>)['price'])
      ? { at: (t as { at: number }).at, price: (t as { price: number }).price }
      : null;
  return {
    id: r['id'],
    symbol: r['symbol'],
    condition: r['condition'] as AlertCondition,
    price: r['price'],
    note: typeof r['note'] === 'string' ? r['note'].slice(0, MAX_NOTE) : '',
    createdAt: finite(r['createdAt']) ? r['createdAt'] : 0,
    refPrice: finite(r['refPrice']) ? r['refPrice'] : null,
    triggered,
  };
}

/** Repairs persisted alerts: drops malformed entries and duplicate ids, keeps at most MAX_ALERTS. */
export function sanitizeAlerts(value: unknown): PriceAlert[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const out: PriceAlert[] = [];
  for (const item of value as unknown[]) {
    const alert = sanitizeOne(item);
    if (alert === null || seen.has(alert.id)) continue;
    seen.add(alert.id);
    out.push(alert);
  }
  return out.slice(-MAX_ALERTS);
}
