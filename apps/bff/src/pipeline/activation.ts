import type { SourceCandle, SourceQuote, SourceTrade } from '../sources/types';
import type { SymbolState } from './symbol-state';

/** Events held for a symbol while its history loads. */
export type PendingEvent =
  { kind: 'trade'; trade: SourceTrade } | { kind: 'quote'; quote: SourceQuote } | { kind: 'candle'; candle: SourceCandle };

/** Events held per loading symbol at most; beyond, the oldest are dropped (a history load that hangs). */
export const MAX_PENDING_EVENTS = 50_000;

/** What the activation bookkeeping asks of the pipeline. */
export interface ActivationHooks {
  isOnDemand(symbol: string): boolean;
  isActive(symbol: string): boolean;
  /** Loads the symbol's state from history at `t0`. */
  load(symbol: string): Promise<{ t0: number; state: SymbolState }>;
  /** Makes the loaded symbol live and applies the events held while it loaded. */
  enter(symbol: string, state: SymbolState, pending: PendingEvent[], t0: number): void;
  /** Drops a live symbol. */
  leave(symbol: string): void;
}

/** Lazy activation of on-demand symbols: one load at a time per symbol, events held meanwhile. */
export interface Activations {
  /** Resolves once `symbol` is live (always-streaming symbols: once the pipeline started). */
  activate(symbol: string): Promise<void>;
  deactivate(symbol: string): void;
  /** Holds `event` when `symbol` is loading; false otherwise. */
  hold(symbol: string, event: PendingEvent): boolean;
  /** The pipeline started: loads may run. */
  started(): void;
  stop(): void;
}

interface Loading {
  generation: number;
  pending: PendingEvent[];
  promise: Promise<void>;
}

/** Creates the activation bookkeeping. */
export function createActivations(hooks: ActivationHooks): Activations {
  const loading = new Map<string, Loading>();
  let generation = 0;
  let stopped = false;
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));

  const activate = (symbol: string): Promise<void> => {
    if (!hooks.isOnDemand(symbol)) return started;
    if (hooks.isActive(symbol)) return Promise.resolve();
    const current = loading.get(symbol);
    if (current !== undefined) return current.promise;
    const mine = ++generation;
    const entry: Loading = { generation: mine, pending: [], promise: Promise.resolve() };
    loading.set(symbol, entry);
    entry.promise = (async () => {
      await started;
      try {
        const { t0, state } = await hooks.load(symbol);
        // NOTE: released (or stopped) while loading: the result is dropped, a newer load may run.
        if (stopped || loading.get(symbol)?.generation !== mine) return;
        loading.delete(symbol);
        hooks.enter(symbol, state, entry.pending, t0);
      } catch (err) {
        if (loading.get(symbol)?.generation === mine) loading.delete(symbol);
        throw err;
      }
    })();
    return entry.promise;
  };

  return {
    activate,
    deactivate(symbol) {
      if (!hooks.isOnDemand(symbol)) return;
      loading.delete(symbol);
      hooks.leave(symbol);
    },
    hold(symbol, event) {
      const entry = loading.get(symbol);
      if (entry === undefined) return false;
      entry.pending.push(event);
      if (entry.pending.length > MAX_PENDING_EVENTS) entry.pending.shift();
      return true;
    },
    started: () => markStarted(),
    stop() {
      stopped = true;
      loading.clear();
    },
  };
}
