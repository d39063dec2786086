import type { EmptyBucketPolicy, Instrument } from '@candlewire/market';
import type { ActivationHooks } from './activation';
import type { AggregateStage } from './aggregate';
import type { SymbolHealth } from './symbol-health';
import { seedSymbol, type SymbolState } from './symbol-state';
import type { SymbolTable } from './symbol-table';
import type { ThrottleStage } from './throttle-stage';

/** What a symbol's start and stop touch. */
export interface LifecycleInputs {
  table: SymbolTable;
  health: SymbolHealth;
  aggregate: AggregateStage;
  throttle: ThrottleStage;
  emptyBuckets: EmptyBucketPolicy;
  now: () => number;
}

/** Seeds `instrument`'s state from its source's history at `t0` (its quote state too). */
export async function seedInstrument(l: LifecycleInputs, instrument: Instrument, t0: number): Promise<SymbolState> {
  const owner = l.table.ownerOf(instrument.symbol);
  const s = await seedSymbol({ owner, group: l.table.groupOf(owner), instrument, emptyBuckets: l.emptyBuckets, t0 });
  s.state = l.health.quoteState(s, t0);
  return s;
}

/** Seeds every always-streaming symbol at `t0` and makes it active (on-demand ones wait for interest). */
export async function seedAlwaysStreaming(l: LifecycleInputs, t0: number): Promise<void> {
  for (const instrument of l.table.list) l.table.groupOf(l.table.ownerOf(instrument.symbol));
  for (const instrument of l.table.list) {
    if (l.table.isOnDemand(instrument.symbol)) continue;
    l.table.enter(await seedInstrument(l, instrument, t0));
  }
  for (const g of l.table.groups()) g.watermark = t0;
}

/** The activation hooks of on-demand symbols: load from history, enter with the held events, leave. */
export function activationHooks(l: LifecycleInputs): ActivationHooks {
  return {
    isOnDemand: (symbol) => l.table.isOnDemand(symbol),
    isActive: (symbol) => l.table.active(symbol) !== undefined,
    async load(symbol) {
      const instrument = l.table.instrument(symbol);
      if (instrument === undefined) throw new Error(`unknown symbol ${symbol}`);
      const t0 = l.now();
      return { t0, state: await seedInstrument(l, instrument, t0) };
    },
    enter(_symbol, s, pending, t0) {
      l.table.enter(s);
      const at = l.now();
      // NOTE: history covered trades before t0; held trades at or after it are new.
      for (const e of pending) if (e.kind !== 'trade' || e.trade.time >= t0) l.aggregate.apply(s, e, at);
      l.throttle.quoteChanged(s);
      l.throttle.flush(at);
    },
    leave(symbol) {
      // NOTE: a venue's per-symbol state belongs to its subscription, which ends here.
      l.health.forget(symbol);
      const s = l.table.leave(symbol);
      // NOTE: the channels' snapshots would go stale while nobody feeds them: the next subscriber reseeds.
      if (s !== undefined) l.throttle.forget(s);
    },
  };
}
