import { channelSymbol, parseChannel } from '@candlewire/protocol';
import type { Broker } from '../broker/types';

/** Options of `createInterest`. */
export interface InterestOptions {
  broker: Broker;
  /** How long a symbol nobody needs stays subscribed upstream, ms. */
  graceMs: number;
  /** A symbol gained its first holder (not called again while it is held or in grace). */
  onFirst(symbol: string): void;
  /** A symbol has had no holder for `graceMs`. */
  onLast(symbol: string): void;
}

/** Reference counts of symbols from client channels and from jobs/detectors. */
export interface Interest {
  /** Holds `symbol` for `owner` (a job, a detector) until the returned release is called (idempotent). */
  retain(symbol: string, owner: string): () => void;
  /** Symbols held or in grace now, each with its holders (channel names and owners). */
  held(): Map<string, string[]>;
  /** Detaches from the broker and cancels pending grace timers (nothing is released upstream). */
  stop(): void;
}

interface Entry {
  holders: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Interest-driven upstream: the first holder of a symbol (a `quote:`, `trades:` or `candles:`
 * channel gaining its first listener, or `retain`) calls `onFirst` at once; when the last goes,
 * `onLast` runs after `graceMs` unless a holder returns first.
 */
export function createInterest(options: InterestOptions): Interest {
  const entries = new Map<string, Entry>();

  const hold = (symbol: string, holder: string): void => {
    let e = entries.get(symbol);
    if (e === undefined) {
      e = { holders: new Map(), timer: null };
      entries.set(symbol, e);
      e.holders.set(holder, 1);
      options.onFirst(symbol);
      return;
    }
    if (e.timer !== null) {
      clearTimeout(e.timer);
      e.timer = null;
    }
    e.holders.set(holder, (e.holders.get(holder) ?? 0) + 1);
  };

  const drop = (symbol: string, holder: string): void => {
    const e = entries.get(symbol);
    const count = e?.holders.get(holder);
    if (e === undefined || count === undefined) return;
    if (count > 1) e.holders.set(holder, count - 1);
    else e.holders.delete(holder);
    if (e.holders.size > 0 || e.timer !== null) return;
    e.timer = setTimeout(() => {
      // NOTE: the timer is cleared whenever a holder returns, so firing means nobody came back.
      entries.delete(symbol);
      options.onLast(symbol);
    }, options.graceMs);
  };

  const detach = options.broker.onInterest((channel, interested) => {
    const parsed = parseChannel(channel);
    if (!parsed.ok) return;
    const symbol = channelSymbol(parsed.channel);
    if (symbol === undefined) return;
    if (interested) hold(symbol, channel);
    else drop(symbol, channel);
  });

  return {
    retain(symbol, owner) {
      const holder = `retain:${owner}`;
      hold(symbol, holder);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        drop(symbol, holder);
      };
    },
    held: () => new Map([...entries].map(([symbol, e]) => [symbol, [...e.holders.keys()]])),
    stop() {
      detach();
      for (const e of entries.values()) if (e.timer !== null) clearTimeout(e.timer);
      entries.clear();
    },
  };
}
