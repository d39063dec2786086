/**
 * The simulated market source.
 *
 * Model: each (symbol, UTC minute) is generated on its own from integer hashes of (seed,
 * symbol, minute). The fair price is a pure function of time: value noise in log-price over
 * 12 octaves (10 s … ~20 days, random-walk amplitudes from the profile's daily volatility)
 * plus sparse jumps. A minute's trade count is Poisson with a rate from the profile, the
 * session shape, bursts and jumps; its summary (OHLC, volume, count) costs a fixed number
 * of draws; its trades are then generated conditioned on the summary (Brownian bridge from
 * open to close, stretched onto high/low, sizes summing to the volume). History of 1m and up
 * aggregates summaries; 1s and the partial last minute aggregate trades.
 */
import { calendarFor, INSTRUMENTS, statusAt, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { MarketSource, SourceTrade } from '../types';
import { createHistoryBuilder } from './history';
import { startHistoryThread, type HistoryThread } from './history-thread';
import type { SimSessions } from './intensity';
import { createLiveFeed } from './live-feed';
import { createMinuteModel, type MinuteModel, type MinuteSummary } from './minute-model';
import { hashSeed } from './rng';

/** Options of `createSimSource`. */
export interface SimSourceOptions {
  /** Seed of the simulated market: same seed, same trades. */
  seed: number | string;
  /** Average trades per second per symbol, overriding the profiles (load tests). */
  tradesPerSec?: number;
  /** `always`: every market trades around the clock; `real`: only when its calendar is open. */
  sessions: SimSessions;
  /** Empty-bucket policy of `history` (the live pipeline's aggregators should use the same). */
  emptyBuckets: EmptyBucketPolicy;
  /** Delivery timer period, ms (default 10; the BFF config sets SIM_TICK_MS, default 5). */
  tickMs?: number;
  /** Deliver each trade at its own time, not on the next tick (the BFF does; default false). */
  onTime?: boolean;
  /** Instruments to simulate (default: INSTRUMENTS). */
  instruments?: readonly Instrument[];
  /** Clock, epoch ms (default Date.now). */
  now?: () => number;
  /**
   * Compute candle history (all but `1s`) in a worker thread and precompute every symbol's
   * `1h` and `1d` snapshot range there at start, so no snapshot waits for it (default false).
   */
  precompute?: boolean;
  /** Directory of the precomputed history's disk cache (with `precompute`); null or absent: none. */
  historyCacheDir?: string | null;
}

/** What the BFF's candle snapshots ask for (candle-query.ts): 500 hours, and 760 days for `1d`, plus a day. */
const PRECOMPUTE = [
  { interval: '1h', seconds: 500 * 3600 + 86_400 },
  { interval: '1d', seconds: (Math.ceil(500 * 1.5 + 10) + 1) * 86_400 },
] as const;

/** The simulated market source, with direct access to its deterministic generator. */
export interface SimSource extends MarketSource {
  /** Summary (1-minute candle, trade count, first/last offsets) of UTC minute `minute` = epoch ms / 60000; null when empty. */
  minuteSummary(symbol: string, minute: number): MinuteSummary | null;
  /** The trades of UTC minute `minute`, time-ordered, realising its summary exactly (fresh objects). */
  minuteTrades(symbol: string, minute: number): SourceTrade[];
}

/**
 * Creates the deterministic simulated market: trades are a pure function of (seed, symbol,
 * time), so history is computed on demand and a restart changes nothing in the past.
 */
export function createSimSource(options: SimSourceOptions): SimSource {
  const instruments = options.instruments ?? INSTRUMENTS;
  const seedHash = hashSeed(options.seed);
  const models = new Map<string, MinuteModel>();
  for (const instrument of instruments) {
    models.set(
      instrument.symbol,
      createMinuteModel({ seedHash, instrument, sessions: options.sessions, tradesPerSec: options.tradesPerSec }),
    );
  }
  const modelOf = (symbol: string): MinuteModel => {
    const model = models.get(symbol);
    if (model === undefined) throw new Error(`sim source: unknown symbol ${symbol}`);
    return model;
  };
  const feed = createLiveFeed({
    models: [...models.values()],
    tickMs: options.tickMs ?? 10,
    onTime: options.onTime ?? false,
    now: options.now ?? Date.now,
  });
  const builder = createHistoryBuilder({
    sessions: options.sessions,
    emptyBuckets: options.emptyBuckets,
  });

  const thread: HistoryThread | null =
    options.precompute === true
      ? startHistoryThread({
          seed: options.seed,
          sessions: options.sessions,
          emptyBuckets: options.emptyBuckets,
          tradesPerSec: options.tradesPerSec,
          instruments,
          cacheDir: options.historyCacheDir ?? null,
          warm: PRECOMPUTE.map((w) => ({ ...w })),
        })
      : null;

  return {
    id: 'sim',
    instruments: () => instruments,
    start: (sink, fromMs) => feed.start(sink, fromMs),
    stop() {
      feed.stop();
      // NOTE: later history (if any) is computed on this thread.
      void thread?.stop();
    },
    health: () => ({ state: feed.running() ? 'live' : 'down', lastMessageAt: feed.lastMessageAt() }),
    isTrading(symbol, ms) {
      const model = models.get(symbol);
      if (model === undefined) return false;
      if (options.sessions === 'always') return true;
      return statusAt(calendarFor(model.instrument.market), ms) !== 'closed';
    },
    alwaysTrading(symbol) {
      const model = models.get(symbol);
      if (model === undefined) return false;
      return options.sessions === 'always' || calendarFor(model.instrument.market).alwaysOpen;
    },
    simulated: (symbol) => models.has(symbol),
    async history(symbol, interval, fromSec, untilMs) {
      const model = modelOf(symbol);
      // NOTE: 1s history aggregates trades of a few minutes: cheap, and not worth a round trip.
      const off = thread === null || interval === '1s' ? null : await thread.history({ symbol, interval, fromSec, untilMs });
      return off ?? (await builder.history(model, interval, fromSec, untilMs));
    },
    minuteSummary: (symbol, minute) => modelOf(symbol).summary(minute),
    minuteTrades: (symbol, minute) => modelOf(symbol).trades(minute),
  };
}
