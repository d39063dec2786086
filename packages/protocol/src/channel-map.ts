import { kindOf, type Channel, type ChannelKind } from './channels';
import type { Alert, CandleUpdate, MarketsData, Quote, Trade } from './data';

/** `data` of an update per channel kind (contract §2): the channel map's update types. */
export interface ChannelData {
  quote: Quote;
  trades: Trade;
  candles: CandleUpdate;
  markets: MarketsData;
  alerts: Alert;
}

/** Snapshot on subscribe per channel kind (contract §2): the channel map's snapshot types. */
export interface ChannelSnapshot {
  quote: Quote | null;
  trades: Trade[];
  candles: CandleUpdate[];
  markets: MarketsData | null;
  alerts: Alert[];
}

/** A value type per channel kind, for `ChannelMap`. */
export type PerKind = { [K in ChannelKind]: unknown };

/** How a `ChannelMap` makes the value of a channel it does not hold yet, per kind. */
export type ChannelFactories<V extends PerKind> = { readonly [K in ChannelKind]: (name: Channel<K>) => V[K] };

/**
 * A map from channel names to values whose type depends on the channel's kind (`V[K]` for a
 * `Channel<K>`): broker streams, SDK entries. Values are made by the map (`ensure`), so each
 * is of its channel's kind. Iterates in insertion order, as a `Map` does.
 */
export interface ChannelMap<V extends PerKind> {
  get<K extends ChannelKind>(name: Channel<K>): V[K] | undefined;
  /** The value of `name`, made first if the map does not hold it. */
  ensure<K extends ChannelKind>(name: Channel<K>): V[K];
  has(name: Channel): boolean;
  delete<K extends ChannelKind>(name: Channel<K>): boolean;
  readonly size: number;
  /** Every entry, in insertion order. */
  entries(): IterableIterator<[Channel, V[ChannelKind]]>;
  values(): IterableIterator<V[ChannelKind]>;
}

type KindMaps<V extends PerKind> = { [K in ChannelKind]: Map<Channel<K>, V[K]> };

/** Creates an empty `ChannelMap` whose values `create` makes. */
export function createChannelMap<V extends PerKind>(create: ChannelFactories<V>): ChannelMap<V> {
  // NOTE: one map per kind gives each lookup its value type; `all` keeps the insertion order.
  const maps: KindMaps<V> = { quote: new Map(), trades: new Map(), candles: new Map(), markets: new Map(), alerts: new Map() };
  const all = new Map<Channel, V[ChannelKind]>();
  const ensure = <K extends ChannelKind>(name: Channel<K>): V[K] => {
    const kind = kindOf(name);
    const map = maps[kind];
    const held = map.get(name);
    if (held !== undefined) return held;
    const value = create[kind](name);
    map.set(name, value);
    all.set(name, value);
    return value;
  };
  return {
    get: (name) => maps[kindOf(name)].get(name),
    ensure,
    has: (name) => all.has(name),
    delete(name) {
      maps[kindOf(name)].delete(name);
      return all.delete(name);
    },
    get size() {
      return all.size;
    },
    entries: () => all.entries(),
    values: () => all.values(),
  };
}
