import type { CandleUpdate, Interval, Quote, Trade } from '@candlewire/protocol';
import { candlesChannel, quoteChannel, symbolChannels, tradesChannel, type PublishStage } from './publish';
import type { SymbolState } from './symbol-state';
import { createThrottle } from './throttle';

/** What the aggregate stage hands on: every update it makes, in the order it makes them. */
export interface AggregateOutlet {
  /** A trade: published as is. */
  trade(symbol: string, trade: Trade): void;
  /** A forming candle: conflated, at most one per channel per throttle window. */
  forming(s: SymbolState, interval: Interval, update: CandleUpdate, at: number): void;
  /** A closed candle: supersedes its channel's pending forming value and goes at once. */
  closed(s: SymbolState, interval: Interval, update: CandleUpdate): void;
  /** A venue's revision of a closed bucket: goes at once; a pending forming value of a later bucket stays pending. */
  revision(s: SymbolState, interval: Interval, update: CandleUpdate): void;
  /** `s`'s quote changed (price, bid/ask, previous close, state): offered at the next flush. */
  quoteChanged(s: SymbolState): void;
}

/** Stage 3 of the pipeline: conflates quotes and forming candles per channel, at the source. */
export interface ThrottleStage extends AggregateOutlet {
  /** Offers every changed quote and publishes what is due at `at`; a timer flushes what stays held. */
  flush(at: number): void;
  /** `flush`, unless a timer flush is already scheduled (it will come soon enough). */
  flushLazy(at: number): void;
  /** First quotes at start: offered at `at`, then everything pending as of `at + throttleMs` goes out. */
  prime(states: Iterable<SymbolState>, at: number): void;
  /** Publishes `s`'s quote now, bypassing the throttle (a state change a quiet source would never flush). */
  quoteNow(s: SymbolState, at: number): void;
  /** Drops everything pending for `s` and forgets its channels (the symbol stopped). */
  forget(s: SymbolState): void;
  stop(): void;
}

/** Inputs of the throttle stage. */
export interface ThrottleStageOptions {
  throttleMs: number;
  now: () => number;
  publish: PublishStage;
  /** The quote `s` shows now; null before its first price. */
  quoteOf: (s: SymbolState) => Quote | null;
}

/** Creates the throttle stage in front of `options.publish`. */
export function createThrottleStage(options: ThrottleStageOptions): ThrottleStage {
  const { throttleMs, publish, quoteOf } = options;
  const throttle = createThrottle(throttleMs, (channel, data) => publish.send(channel, data));
  const dirty = new Set<SymbolState>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const offerQuote = (s: SymbolState, at: number): void => {
    const quote = quoteOf(s);
    if (quote !== null) throttle.offer(quoteChannel(s.instrument.symbol), quote, at);
  };
  const flush = (at: number): void => {
    for (const s of dirty) offerQuote(s, at);
    dirty.clear();
    throttle.flush(at);
    // NOTE: a venue may go quiet right after a burst: values held by the throttle must not wait
    // for its next message or watermark. The timer only runs while something is held.
    if (timer === null && throttle.pending()) {
      timer = setTimeout(
        () => {
          timer = null;
          flush(options.now());
        },
        Math.max(1, throttleMs),
      );
    }
  };
  const closed = (s: SymbolState, interval: Interval, update: CandleUpdate): void => {
    const channel = candlesChannel(s.instrument.symbol, interval);
    throttle.drop(channel);
    publish.send(channel, update);
  };

  return {
    trade: (symbol, trade) => publish.send(tradesChannel(symbol), trade),
    forming: (s, interval, update, at) => throttle.offer(candlesChannel(s.instrument.symbol, interval), update, at),
    closed,
    revision: (s, interval, update) => publish.send(candlesChannel(s.instrument.symbol, interval), update),
    quoteChanged: (s) => void dirty.add(s),
    flush,
    flushLazy(at) {
      if (timer === null) flush(at);
    },
    prime(states, at) {
      for (const s of states) offerQuote(s, at);
      throttle.flush(at + throttleMs);
    },
    quoteNow(s, at) {
      const quote = quoteOf(s);
      if (quote === null) return;
      const channel = quoteChannel(s.instrument.symbol);
      throttle.drop(channel);
      publish.send(channel, quote);
      throttle.touch(channel, at);
    },
    forget(s) {
      dirty.delete(s);
      const channels = symbolChannels(s.instrument.symbol);
      for (const channel of channels) throttle.drop(channel);
      publish.forget(channels);
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
    },
  };
}
