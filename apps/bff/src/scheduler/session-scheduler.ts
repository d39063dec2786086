import { CALENDARS, calendarFor, localDate, nextChange, sessionSpans, statusAt, zonedParts, type MarketId } from '@candlewire/market';
import type { MarketStatus } from '@candlewire/protocol';
import { Cron } from 'croner';
import type { Logger } from 'pino';

/** What happened at a session boundary. */
export type SessionEventKind = 'pre' | 'open' | 'post' | 'close';

/** One market status change, as scheduled jobs see it. */
export interface SessionEvent {
  market: MarketId;
  kind: SessionEventKind;
  /** The new status. */
  status: MarketStatus;
  /** Epoch ms of the boundary (from the calendar, not from the timer). */
  at: number;
  /** Wall-clock time of `at` in the market's zone, `YYYY-MM-DD HH:mm`. */
  local: string;
  /** True on the day's last close (after post, or after the afternoon session): end-of-day jobs run. */
  endOfDay: boolean;
}

/** A scheduled job: sync or async; a throw or a rejection is logged and isolated. */
export type SessionJob = (event: SessionEvent) => void | Promise<void>;

/** Options of `createSessionScheduler`. */
export interface SessionSchedulerOptions {
  logger: Logger;
  /** Markets to follow (default: every market with sessions; 24/7 markets have none). */
  markets?: readonly MarketId[];
}

/** Session open/close/pre/post events per market calendar, in each market's own zone. */
export interface SessionScheduler {
  /** Runs `job` on every event of `market` (or of every market with `'*'`); returns the detach function. */
  on(market: MarketId | '*', job: SessionJob): () => void;
  /** Runs `job` at the day's last close of `market` (finalize the day, roll baselines, reports). */
  onEndOfDay(market: MarketId, job: SessionJob): () => void;
  /** The next scheduled event per market. */
  upcoming(): SessionEvent[];
  /** Jobs that threw or rejected so far. */
  failures(): number;
  /** Arms the timers; idempotent. */
  start(): void;
  /** Cancels every timer; idempotent. */
  stop(): void;
}

const KIND: Readonly<Record<MarketStatus, SessionEventKind>> = { pre: 'pre', open: 'open', post: 'post', closed: 'close' } as const;
/** When a calendar has no change within its look-ahead, look again this much later. */
const RECHECK_MS = 86_400_000;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Builds the event of the change at `at` (the calendar says what it is). */
function eventAt(market: MarketId, at: number): SessionEvent {
  const calendar = calendarFor(market);
  const status = statusAt(calendar, at);
  const p = zonedParts(calendar.timezone, at);
  const laterToday = sessionSpans(calendar, localDate(calendar.timezone, at)).some((span) => span.end > at);
  return {
    market,
    kind: KIND[status],
    status,
    at,
    local: `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`,
    endOfDay: status === 'closed' && !laterToday,
  };
}

/**
 * Creates the scheduler. The calendar (`nextChange`/`statusAt` of `@candlewire/market`) is the
 * truth for when and what; croner holds one one-shot timer per market (in the market's zone),
 * re-armed from the boundary it just fired for, so DST and holidays come from the calendar.
 */
export function createSessionScheduler(options: SessionSchedulerOptions): SessionScheduler {
  const { logger } = options;
  const markets = (options.markets ?? (Object.keys(CALENDARS) as MarketId[])).filter((m) => !calendarFor(m).alwaysOpen);
  const jobs = new Map<MarketId | '*', Set<SessionJob>>();
  const endOfDay = new Map<MarketId, Set<SessionJob>>();
  const timers = new Map<MarketId, Cron>();
  const next = new Map<MarketId, SessionEvent>();
  let failed = 0;
  let running = false;

  const add = <K>(map: Map<K, Set<SessionJob>>, key: K, job: SessionJob): (() => void) => {
    let set = map.get(key);
    if (set === undefined) {
      set = new Set();
      map.set(key, set);
    }
    set.add(job);
    return () => void set.delete(job);
  };

  const fail = (err: unknown, event: SessionEvent, job: string): void => {
    failed++;
    logger.error({ err, market: event.market, kind: event.kind, at: event.at, job }, 'scheduled job failed');
  };
  /** NOTE: each job runs on its own: a throw or a rejection is logged and the others still run. */
  const run = (job: SessionJob, event: SessionEvent, name: string): void => {
    try {
      const result = job(event);
      if (result instanceof Promise) result.catch((err: unknown) => fail(err, event, name));
    } catch (err) {
      fail(err, event, name);
    }
  };

  const fire = (market: MarketId, at: number): void => {
    const event = eventAt(market, at);
    logger.info({ market, kind: event.kind, local: event.local, endOfDay: event.endOfDay }, 'market session event');
    for (const job of [...(jobs.get(market) ?? []), ...(jobs.get('*') ?? [])]) run(job, event, 'session');
    if (event.endOfDay) for (const job of endOfDay.get(market) ?? []) run(job, event, 'end-of-day');
  };

  const arm = (market: MarketId, from: number): void => {
    if (!running) return;
    const calendar = calendarFor(market);
    const change = nextChange(calendar, from);
    const at = change?.at ?? from + RECHECK_MS;
    if (change === null) next.delete(market);
    else next.set(market, eventAt(market, change.at));
    const onTime = (): void => {
      if (!running) return;
      timers.delete(market);
      // NOTE: fire for the boundary itself (not the timer's late wake-up), then re-arm from it,
      // so a slow tick never skips or repeats a boundary.
      if (change !== null) fire(market, change.at);
      arm(market, at);
    };
    timers.get(market)?.stop();
    if (at <= Date.now()) {
      // NOTE: already due (the process was asleep past it): croner skips past dates, so run it now.
      timers.delete(market);
      setTimeout(onTime, 0).unref();
      return;
    }
    const job = new Cron(new Date(at), { timezone: calendar.timezone, unref: true }, onTime);
    timers.set(market, job);
  };

  return {
    on: (market, job) => add(jobs, market, job),
    onEndOfDay: (market, job) => add(endOfDay, market, job),
    upcoming: () => [...next.values()].sort((a, b) => a.at - b.at),
    failures: () => failed,
    start() {
      if (running) return;
      running = true;
      const now = Date.now();
      for (const market of markets) arm(market, now);
    },
    stop() {
      running = false;
      for (const timer of timers.values()) timer.stop();
      timers.clear();
      next.clear();
    },
  };
}
