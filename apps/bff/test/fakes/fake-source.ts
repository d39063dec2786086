import { bucketStart, nextBucketStart, type CandleState, type Instrument } from '@candlewire/market';
import type { Interval } from '@candlewire/protocol';
import type { MarketSource, SourceSink, SourceState, SourceStats } from '../../src/sources/types';

/** Options of `createFakeSource`. */
export interface FakeSourceOptions {
  id: string;
  instruments: readonly Instrument[];
  /** Streams on demand (has subscribe/unsubscribe), like a venue; default true. */
  onDemand?: boolean;
  /** Close of every history candle of a symbol (default 100). */
  price?: (symbol: string) => number;
}

/** A scriptable in-process MarketSource for tests: records upstream calls, emits what a test says. */
export interface FakeSource extends MarketSource {
  /** Every `subscribe` / `unsubscribe` call, in order. */
  readonly calls: { op: 'subscribe' | 'unsubscribe'; symbols: string[] }[];
  /** Symbols subscribed now. */
  readonly subscribed: Set<string>;
  /** The pipeline's sink (throws before `start`). */
  sink(): SourceSink;
  setHealth(state: SourceState): void;
  /** Counters `stats()` reports. */
  readonly counters: SourceStats;
}

/** History buckets the fake answers at most per call. */
const MAX_HISTORY = 20_000;

/**
 * Creates a fake source whose history is a flat line (every bucket at `price`, 10 units) and whose
 * live stream is whatever the test pushes into `sink()`.
 */
export function createFakeSource(options: FakeSourceOptions): FakeSource {
  const bySymbol = new Map(options.instruments.map((i) => [i.symbol, i]));
  const price = options.price ?? (() => 100);
  const calls: FakeSource['calls'] = [];
  const subscribed = new Set<string>();
  const counters: SourceStats = { rejectedFrames: 0, connects: 0, frames: 0 };
  let sink: SourceSink | null = null;
  let state: SourceState = 'live';
  let lastMessageAt: number | null = null;

  const history = (symbol: string, interval: Interval, fromSec: number, untilMs: number): Promise<CandleState[]> => {
    const instrument = bySymbol.get(symbol);
    if (instrument === undefined) return Promise.resolve([]);
    const out: CandleState[] = [];
    const p = price(symbol);
    let start = bucketStart(interval, fromSec * 1000, instrument.timezone);
    if (start < fromSec) start = nextBucketStart(interval, start, instrument.timezone);
    while (start * 1000 < untilMs && out.length < MAX_HISTORY) {
      out.push({ time: start, open: p, high: p, low: p, close: p, units: 10 });
      start = nextBucketStart(interval, start, instrument.timezone);
    }
    return Promise.resolve(out.slice(-MAX_HISTORY));
  };

  const source: FakeSource = {
    id: options.id,
    calls,
    subscribed,
    counters,
    instruments: () => options.instruments,
    start(s) {
      sink = s;
      counters.connects++;
    },
    stop() {
      sink = null;
    },
    health: () => ({ state, lastMessageAt }),
    isTrading: () => true,
    alwaysTrading: () => true,
    history,
    stats: () => ({ ...counters }),
    sink() {
      if (sink === null) throw new Error(`fake source ${options.id} not started`);
      lastMessageAt = Date.now();
      return sink;
    },
    setHealth(next) {
      state = next;
    },
  };
  if (options.onDemand === false) return source;
  source.subscribe = (symbols) => {
    calls.push({ op: 'subscribe', symbols: [...symbols] });
    for (const s of symbols) subscribed.add(s);
  };
  source.unsubscribe = (symbols) => {
    calls.push({ op: 'unsubscribe', symbols: [...symbols] });
    for (const s of symbols) subscribed.delete(s);
  };
  return source;
}
