import type { SourceState } from '../types';
import { createStaleWatchdog } from './stale-watchdog';

/** Options of `createSymbolHealth`. */
export interface SymbolHealthOptions {
  /** A trading symbol that hears nothing for this long is stale, ms. */
  windowMs: number;
  /** True when the symbol's market is in session at `ms` (pre, regular or post). */
  isTrading: (symbol: string, ms: number) => boolean;
  /** Called on every change of a symbol's state (and once when it starts being watched). */
  onState: (symbol: string, state: SourceState) => void;
  /** How often sessions are re-checked, ms (default 1000). */
  checkMs?: number;
  /** Clock, ms (default Date.now). */
  now?: () => number;
  /**
   * What makes a connected, trading symbol `live`: `connect` (default: Alpaca, Yahoo) the
   * connection itself, so a symbol is reported from its first watch (`down` until connected);
   * `message` (Binance: every stream ticks) its first message after (re)connecting, so nothing is
   * reported before the symbol's connection is known and a lost one stays `down` until data flows.
   */
  liveOn?: 'connect' | 'message';
}

/** Session-aware per-symbol health over a stale watchdog: `down` without a connection, `closed` out of session, else `live | stale`. */
export interface SymbolHealth {
  /** Starts tracking `symbol` (reports its first state); idempotent. */
  watch(symbol: string): void;
  /** Stops tracking `symbol` (no report). */
  unwatch(symbol: string): void;
  /** `symbol` got a message now. */
  heard(symbol: string): void;
  /** The upstream connection of `symbols` (default: of every symbol, now and later) opened (true) or was lost (false). */
  setConnected(connected: boolean, symbols?: Iterable<string>): void;
  /** The last reported state of `symbol`, or undefined when not watched. */
  state(symbol: string): SourceState | undefined;
  /** Stops every timer; idempotent. */
  stop(): void;
}

/** Creates the per-symbol health tracker (fake-timer testable: one interval plus the watchdog's). */
export function createSymbolHealth(options: SymbolHealthOptions): SymbolHealth {
  const now = options.now ?? Date.now;
  const liveOnMessage = options.liveOn === 'message';
  const states = new Map<string, SourceState | null>();
  /** Per-symbol connection state (set by `setConnected(…, symbols)`), over `connectedAll`. */
  const links = new Map<string, boolean>();
  /** `message` mode: symbols heard since their connection was last lost. */
  const heardSinceLoss = new Set<string>();
  let connectedAll: boolean | null = liveOnMessage ? null : false;
  let timer: ReturnType<typeof setInterval> | null = null;

  const evaluate = (symbol: string): void => {
    const previous = states.get(symbol);
    if (previous === undefined) return;
    const connected = links.get(symbol) ?? connectedAll;
    let next: SourceState | null;
    if (connected === null) {
      next = previous; // NOTE: `message` mode: the symbol's connection is not known yet.
    } else if (!connected) {
      watchdog.unwatch(symbol);
      heardSinceLoss.delete(symbol);
      next = 'down';
    } else if (!options.isTrading(symbol, now())) {
      // NOTE: out of session silence is expected: the stale window restarts at the next open.
      watchdog.unwatch(symbol);
      next = 'closed';
    } else {
      watchdog.watch(symbol);
      next = watchdog.isStale(symbol) ? 'stale' : !liveOnMessage || heardSinceLoss.has(symbol) ? 'live' : previous;
    }
    if (next === previous || next === null) return;
    states.set(symbol, next);
    options.onState(symbol, next);
  };
  const watchdog = createStaleWatchdog({ windowMs: options.windowMs, onStale: evaluate, onLive: evaluate, now });
  const evaluateAll = (): void => {
    for (const symbol of states.keys()) evaluate(symbol);
  };

  return {
    watch(symbol) {
      if (states.has(symbol)) return;
      states.set(symbol, null);
      if (timer === null) {
        timer = setInterval(evaluateAll, options.checkMs ?? 1000);
        timer.unref?.();
      }
      evaluate(symbol);
    },
    unwatch(symbol) {
      states.delete(symbol);
      links.delete(symbol);
      heardSinceLoss.delete(symbol);
      watchdog.unwatch(symbol);
      if (states.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    },
    heard(symbol) {
      watchdog.heard(symbol);
      if (!liveOnMessage || states.get(symbol) === 'live' || !states.has(symbol)) return;
      heardSinceLoss.add(symbol);
      evaluate(symbol);
    },
    setConnected(value, symbols) {
      if (symbols === undefined) {
        if (connectedAll === value && links.size === 0) return;
        connectedAll = value;
        links.clear();
        evaluateAll();
        return;
      }
      for (const symbol of symbols) {
        if (!states.has(symbol) || links.get(symbol) === value) continue;
        links.set(symbol, value);
        evaluate(symbol);
      }
    },
    state: (symbol) => states.get(symbol) ?? undefined,
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      watchdog.stop();
      states.clear();
      links.clear();
      heardSinceLoss.clear();
    },
  };
}
