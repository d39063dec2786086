import { channel, type Channel } from '@candlewire/protocol';

/** Which channels the bench subscribes: `trades` only, or trades, quotes and 1 s candles. */
export type Mix = 'trades' | 'mixed';

/** Channel kinds per mix. */
const KINDS = { trades: ['trades'], mixed: ['trades', 'quote', 'candles:1s'] } as const;

/** The K channels of client `i`: symbols rotate so clients share sets (as real watchlists do). */
export function channelsFor(i: number, k: number, symbols: string[], mix: Mix): Channel[] {
  const kinds = KINDS[mix];
  return Array.from({ length: k }, (_, j) => {
    const symbol = symbols[(i * 7 + j) % symbols.length] ?? 'AAPL';
    const kind = kinds[j % kinds.length] ?? 'trades';
    return kind === 'candles:1s' ? channel.candles(symbol, '1s') : kind === 'quote' ? channel.quote(symbol) : channel.trades(symbol);
  });
}

