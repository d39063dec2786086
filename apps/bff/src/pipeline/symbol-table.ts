import type { Instrument } from '@candlewire/market';
import type { MarketSource } from '../sources/types';
import type { SourceGroup, SymbolState } from './symbol-state';
import type { PipelineSource } from './types';

/** The pipeline's symbols: every served instrument, its source and watermark group, and which are active. */
export interface SymbolTable {
  readonly list: readonly Instrument[];
  instrument(symbol: string): Instrument | undefined;
  /** The source that serves `symbol` (the router's owner, or the one source). */
  ownerOf(symbol: string): MarketSource;
  /** True when `symbol` is served and its source streams on demand (loaded on first interest). */
  isOnDemand(symbol: string): boolean;
  /** The watermark group of `owner` (made on first use, its watermark now). */
  groupOf(owner: MarketSource): SourceGroup;
  groups(): Iterable<SourceGroup>;
  active(symbol: string): SymbolState | undefined;
  actives(): Iterable<SymbolState>;
  /** Makes `s` active: it receives events and its group's watermarks. */
  enter(s: SymbolState): void;
  /** Makes `symbol` inactive; returns the state it had. */
  leave(symbol: string): SymbolState | undefined;
}

/** Creates the table of `source`'s instruments. */
export function createSymbolTable(source: PipelineSource, now: () => number): SymbolTable {
  const list = source.instruments();
  const bySymbol = new Map(list.map((i) => [i.symbol, i] as const));
  const states = new Map<string, SymbolState>();
  const groups = new Map<string, SourceGroup>();
  const ownerOf = (symbol: string): MarketSource => source.ownerOf?.(symbol) ?? source;
  return {
    list,
    instrument: (symbol) => bySymbol.get(symbol),
    ownerOf,
    isOnDemand: (symbol) => bySymbol.has(symbol) && ownerOf(symbol).subscribe !== undefined,
    groupOf(owner) {
      let g = groups.get(owner.id);
      if (g === undefined) {
        g = { id: owner.id, watermark: now(), members: new Set() };
        groups.set(owner.id, g);
      }
      return g;
    },
    groups: () => groups.values(),
    active: (symbol) => states.get(symbol),
    actives: () => states.values(),
    enter(s) {
      states.set(s.instrument.symbol, s);
      s.group.members.add(s);
    },
    leave(symbol) {
      const s = states.get(symbol);
      if (s === undefined) return undefined;
      states.delete(symbol);
      s.group.members.delete(s);
      return s;
    },
  };
}
