import { CALENDARS, MARKET_IDS, nextChange, statusAt } from '@candlewire/market';
import type { MarketInfo, MarketsData, Mover, Quote } from '@candlewire/protocol';
import type { MarketSource } from '../sources/types';

/** How many gainers and losers the `markets` channel lists. */
export const MOVERS_COUNT = 5;

/**
 * Market statuses as clients see them, from the session calendars. NOTE: a market whose every
 * instrument trades around the clock at this source (the simulation's `SIM_SESSIONS=always`)
 * is `open` with no next change, so the status never contradicts the live quotes. `simulated`
 * is true when any of its instruments is priced by the simulation (docs/protocol-notes.md).
 */
export function marketInfos(source: MarketSource, nowMs: number): MarketInfo[] {
  const instruments = source.instruments();
  return MARKET_IDS.map((id) => {
    const cal = CALENDARS[id];
    const members = instruments.filter((i) => i.market === id);
    const simulated = members.some((i) => source.simulated?.(i.symbol) === true);
    const base = { id, name: cal.name, timezone: cal.timezone, simulated };
    if (members.length > 0 && members.every((i) => source.alwaysTrading(i.symbol))) {
      return { ...base, status: 'open' as const, nextChange: null, nextStatus: null };
    }
    const next = nextChange(cal, nowMs);
    return { ...base, status: statusAt(cal, nowMs), nextChange: next?.at ?? null, nextStatus: next?.status ?? null };
  });
}

/** Top `count` gainers (largest day change % first) and losers (most negative first); flat symbols are neither. */
export function topMovers(quotes: readonly Quote[], count = MOVERS_COUNT): MarketsData['movers'] {
  const mover = (q: Quote): Mover => ({ symbol: q.symbol, price: q.price, changePct: q.changePct });
  // NOTE: ties break by symbol so the list (and so "changed?") does not flicker.
  const bySymbol = (a: Quote, b: Quote): number => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
  const gainers = quotes.filter((q) => q.changePct > 0).sort((a, b) => b.changePct - a.changePct || bySymbol(a, b));
  const losers = quotes.filter((q) => q.changePct < 0).sort((a, b) => a.changePct - b.changePct || bySymbol(a, b));
  return { gainers: gainers.slice(0, count).map(mover), losers: losers.slice(0, count).map(mover) };
}

/** What the `markets` producer reads. */
export interface MarketsInputs {
  source: MarketSource;
  quotes: () => Quote[];
  connections: () => number;
}

/** The `markets` value now. */
export function marketsNow(inputs: MarketsInputs, nowMs: number): MarketsData {
  return { markets: marketInfos(inputs.source, nowMs), movers: topMovers(inputs.quotes()), connections: inputs.connections() };
}

/** Publishes `markets` when its value changed; call at most once a second. */
export interface MarketsProducer {
  /** Computes the value and publishes it if it differs from the last one; true when published. */
  tick(nowMs: number): boolean;
}

/** Creates the change-detecting `markets` producer over `publish`. */
export function createMarketsProducer(inputs: MarketsInputs, publish: (data: MarketsData) => void): MarketsProducer {
  let last = '';
  return {
    tick(nowMs) {
      const data = marketsNow(inputs, nowMs);
      const text = JSON.stringify(data);
      if (text === last) return false;
      last = text;
      publish(data);
      return true;
    },
  };
}
