import type { SourceSink, SourceTrade } from '../types';
import type { MinuteModel } from './minute-model';
import { unpackTrade, type PackedTrades } from './packed-trades';

const MINUTE_MS = 60_000;
/**
 * Most minutes one symbol may advance per tick. A `fromMs` far in the past is caught up over
 * several ticks (the watermark trails until then) instead of in one giant batch.
 */
const MAX_CATCH_UP_MINUTES = 5;
/**
 * Next-minute trades are generated ahead, in the second half of each minute, for at most
 * this many symbols per tick: at `tradesPerSec` 100 a minute is ~6,000 trades (a few ms),
 * and doing all symbols on the same tick at the minute boundary would stall the loop.
 */
const PREFETCH_PER_TICK = 2;
const PREFETCH_AFTER_MS = 30_000;

interface Cursor {
  model: MinuteModel;
  /** Minute being delivered. */
  minute: number;
  /** Its trades, once generated. */
  trades: PackedTrades | null;
  /** Next trade of `trades` to deliver. */
  index: number;
  /** Trades generated ahead, with their minute. */
  ahead: { minute: number; trades: PackedTrades } | null;
}

/** Options of `createLiveFeed`. */
export interface LiveFeedOptions {
  models: readonly MinuteModel[];
  /** Delivery timer period, ms: with `onTime`, the longest gap between two deliveries. */
  tickMs: number;
  /**
   * Deliver each trade at its own time (a timer at the next trade) rather than on the next
   * tick, so no tick delay is added to its latency; the tick still advances the watermark.
   */
  onTime?: boolean;
  now: () => number;
}

/** The timer-driven delivery of simulated trades to a sink. */
export interface LiveFeed {
  /** Starts (or restarts) delivering every trade with `time >= fromMs` to `sink`. */
  start(sink: SourceSink, fromMs: number): void;
  /** Stops the timer; idempotent. */
  stop(): void;
  /** True between start and stop. */
  running(): boolean;
  /** Clock time of the last tick that delivered trades, or null. */
  lastMessageAt(): number | null;
  /** Runs one delivery step now (what the timer calls). */
  tick(): void;
}

/** Creates the live feed over the given instruments' models. */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { models, tickMs, now } = options;
  let timer: ReturnType<typeof setInterval> | null = null;
  let nextTrade: ReturnType<typeof setTimeout> | null = null;
  let sink: SourceSink | null = null;
  let cursors: Cursor[] = [];
  let fromMs = 0;
  let lastMessage: number | null = null;
  let watermark = Number.NEGATIVE_INFINITY;

  const generate = (cursor: Cursor, minute: number): PackedTrades => cursor.model.packedTrades(minute);

  function load(cursor: Cursor): PackedTrades {
    if (cursor.trades !== null) return cursor.trades;
    const trades = cursor.ahead?.minute === cursor.minute ? cursor.ahead.trades : generate(cursor, cursor.minute);
    cursor.ahead = null;
    cursor.trades = trades;
    // Only the first minute can hold trades before fromMs; skip them once.
    let index = 0;
    while (index < trades.length && (trades.time[index] ?? 0) < fromMs) index += 1;
    cursor.index = index;
    return trades;
  }

  /** Delivers the cursor's due trades into `batch`; returns the time before which all are delivered. */
  function drain(cursor: Cursor, nowMs: number, batch: SourceTrade[]): number {
    const nowMinute = Math.floor(nowMs / MINUTE_MS);
    for (let steps = 0; cursor.minute <= nowMinute;) {
      const trades = load(cursor);
      while (cursor.index < trades.length && (trades.time[cursor.index] ?? Infinity) <= nowMs) {
        batch.push(unpackTrade(trades, cursor.index));
        cursor.index += 1;
      }
      if (cursor.minute === nowMinute) return nowMs;
      cursor.minute += 1;
      cursor.trades = null;
      cursor.index = 0;
      steps += 1;
      if (steps >= MAX_CATCH_UP_MINUTES) break;
    }
    return cursor.minute > nowMinute ? nowMs : cursor.minute * MINUTE_MS;
  }

  function prefetch(nowMs: number): void {
    if (nowMs % MINUTE_MS < PREFETCH_AFTER_MS) return;
    const nowMinute = Math.floor(nowMs / MINUTE_MS);
    let budget = PREFETCH_PER_TICK;
    for (const cursor of cursors) {
      if (budget === 0) return;
      if (cursor.minute !== nowMinute || cursor.ahead !== null) continue;
      cursor.ahead = { minute: nowMinute + 1, trades: generate(cursor, nowMinute + 1) };
      budget -= 1;
    }
  }

  /** Time of the earliest trade not delivered yet, as far as it is generated. */
  function nextTradeTime(): number {
    let next = Infinity;
    for (const cursor of cursors) {
      const at = (cursor.trades === null ? undefined : cursor.trades.time[cursor.index]) ?? cursor.ahead?.trades.time[0];
      if (at !== undefined && at < next) next = at;
    }
    return next;
  }

  /** NOTE: one timer at the next trade's time; trades of the same ms go out in one batch. */
  function armNextTrade(nowMs: number): void {
    if (nextTrade !== null) clearTimeout(nextTrade);
    nextTrade = null;
    const next = nextTradeTime();
    if (timer === null || !(next < nowMs + tickMs)) return;
    nextTrade = setTimeout(tick, Math.max(1, next - nowMs));
    nextTrade.unref();
  }

  function tick(): void {
    deliver();
    if (options.onTime === true && sink !== null) armNextTrade(now());
  }

  function deliver(): void {
    const target = sink;
    if (target === null) return;
    const nowMs = now();
    const batch: SourceTrade[] = [];
    let through = nowMs;
    for (const cursor of cursors) through = Math.min(through, drain(cursor, nowMs, batch));
    if (batch.length > 0) {
      // NOTE: Array#sort is stable: same-ms trades keep their per-symbol order.
      batch.sort((a, b) => a.time - b.time);
      lastMessage = nowMs;
      target.trades(batch);
      // NOTE: the sink may have stopped or restarted the feed from inside trades().
      if (sink !== target) return;
    }
    watermark = Math.max(watermark, through);
    target.watermark(watermark);
    prefetch(nowMs);
  }

  function stop(): void {
    if (timer !== null) clearInterval(timer);
    if (nextTrade !== null) clearTimeout(nextTrade);
    timer = null;
    nextTrade = null;
    sink = null;
  }

  return {
    start(target, from) {
      stop();
      sink = target;
      fromMs = from;
      watermark = Number.NEGATIVE_INFINITY;
      const minute = Math.floor(from / MINUTE_MS);
      cursors = models.map((model) => ({ model, minute, trades: null, index: 0, ahead: null }));
      timer = setInterval(tick, tickMs);
      // NOTE: the BFF's HTTP server keeps the process alive; the feed alone should not.
      timer.unref();
      if (options.onTime === true) {
        for (const cursor of cursors) load(cursor);
        armNextTrade(now());
      }
    },
    stop,
    running: () => timer !== null,
    lastMessageAt: () => lastMessage,
    tick,
  };
}
