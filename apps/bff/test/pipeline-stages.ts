import { INSTRUMENTS } from '@candlewire/market';
import type { CandleUpdate, Interval, Trade } from '@candlewire/protocol';
import type { AggregateOutlet } from '../src/pipeline/throttle-stage';
import { seedSymbol, type SourceGroup, type SymbolState } from '../src/pipeline/symbol-state';
import { createFakeSource } from './fakes/fake-source';

/** A symbol's pipeline state seeded at `t0` from a fake source's flat history (every bucket at 100). */
export async function seededState(symbol: string, t0: number, group?: SourceGroup): Promise<SymbolState> {
  const instrument = INSTRUMENTS.find((i) => i.symbol === symbol);
  if (instrument === undefined) throw new Error(`no instrument ${symbol}`);
  const owner = createFakeSource({ id: 'fake', instruments: [instrument], onDemand: false });
  return seedSymbol({ owner, group: group ?? { id: 'fake', watermark: t0, members: new Set() }, instrument, emptyBuckets: 'flat', t0 });
}

/** One call an aggregate outlet received. */
export type OutletCall =
  | { kind: 'trade'; symbol: string; trade: Trade }
  | { kind: 'forming' | 'closed' | 'revision'; symbol: string; interval: Interval; update: CandleUpdate }
  | { kind: 'quoteChanged'; symbol: string };

/** An aggregate outlet that records every call, in order. */
export function recordingOutlet(): AggregateOutlet & { calls: OutletCall[] } {
  const calls: OutletCall[] = [];
  return {
    calls,
    trade: (symbol, trade) => void calls.push({ kind: 'trade', symbol, trade }),
    forming: (s, interval, update) => void calls.push({ kind: 'forming', symbol: s.instrument.symbol, interval, update }),
    closed: (s, interval, update) => void calls.push({ kind: 'closed', symbol: s.instrument.symbol, interval, update }),
    revision: (s, interval, update) => void calls.push({ kind: 'revision', symbol: s.instrument.symbol, interval, update }),
    quoteChanged: (s) => void calls.push({ kind: 'quoteChanged', symbol: s.instrument.symbol }),
  };
}
