import { roundToTick, tickDecimals, toCandle, type CandleState, type Instrument } from '@candlewire/market';
import type { Quote, QuoteState } from '@candlewire/protocol';
import type { SymbolState } from './symbol-state';

/** The last trade a quote is built from. */
export interface LastPrint {
  price: number;
  bid: number;
  ask: number;
  time: number;
}

/** Inputs of a quote: the instrument, its last print, the day's candle and the previous close. */
export interface QuoteInputs {
  instrument: Instrument;
  volumeDecimals: number;
  last: LastPrint;
  day: CandleState | null;
  prevClose: number | null;
  state: QuoteState;
}

const round = (value: number, decimals: number): number => Number(value.toFixed(decimals));

/** Builds the `quote:{SYMBOL}` payload; day fields fall back to the last price before the day's first trade. */
export function buildQuote({ instrument, volumeDecimals, last, day, prevClose, state }: QuoteInputs): Quote {
  const decimals = tickDecimals(instrument.tickSize);
  const base = prevClose ?? day?.open ?? last.price;
  const change = roundToTick(last.price - base, instrument.tickSize);
  return {
    symbol: instrument.symbol,
    price: last.price,
    bid: last.bid,
    ask: last.ask,
    open: day?.open ?? last.price,
    high: day?.high ?? last.price,
    low: day?.low ?? last.price,
    prevClose: base,
    change: round(change, decimals),
    changePct: base === 0 ? 0 : round((100 * (last.price - base)) / base, 2),
    volume: day === null ? 0 : toCandle(day, volumeDecimals).volume,
    time: last.time,
    state,
  };
}

/** The quote `s` shows now (what `quote:{SYMBOL}` carries); null before its first price. */
export function symbolQuote(s: SymbolState): Quote | null {
  return s.last === null
    ? null
    : buildQuote({
        instrument: s.instrument,
        volumeDecimals: s.decimals,
        last: s.last,
        day: s.aggregators['1d'].current(),
        prevClose: s.prevClose,
        state: s.state,
      });
}
