import { calendarFor, statusAt, type EmptyBucketPolicy, type Instrument } from '@candlewire/market';
import type { RecordingEvent } from '../recording/format';
import type { MarketSource, SourceSink } from '../types';
import { createRecordingHistory } from './history';
import type { Recording } from './load';

/** Replay speed: a multiple of real time, or `max` (as fast as clients drain). */
export type ReplaySpeed = number | 'max';

/** Where a replay stands. */
export type ReplayState = 'playing' | 'paused' | 'ended';

/** What `GET /api/replay` answers. */
export interface ReplayStatus {
  file: string;
  state: ReplayState;
  /** Recorded time of the replay clock, epoch ms. */
  position: number;
  start: number;
  end: number;
  speed: ReplaySpeed;
  events: { delivered: number; total: number };
  /** Backwards seeks so far (each restarts the streams with a new epoch). */
  rewinds: number;
}

/** Options of `createReplaySource`. */
export interface ReplayOptions {
  recording: Recording;
  speed: ReplaySpeed;
  /** Must match the pipeline's policy (config `EMPTY_BUCKETS`). */
  emptyBuckets: EmptyBucketPolicy;
  /** Start paused (default false). */
  paused?: boolean;
  /** Wall clock, ms (default Date.now). */
  wallNow?: () => number;
}

/** Rebuilds the pipeline and streams at the (already set) replay clock; see the README. */
export type RewindHandler = () => Promise<void>;

/** A `MarketSource` that replays a recording on the recording's own clock. */
export interface ReplaySource extends MarketSource {
  /** The replay clock (recorded time, epoch ms): the pipeline's `now`. */
  clock(): number;
  status(): ReplayStatus;
  pause(): void;
  resume(): void;
  /** Moves to recorded time `ms`: forward = fast-forward through the events; backward = rewind. */
  seek(ms: number): Promise<void>;
  /** The gateway's backpressure: while it returns true, `max` speed holds back. */
  setBackpressure(isBackedUp: () => boolean): void;
  /** Installs what a backwards seek runs (the server rebuilds pipeline and broker). */
  onRewind(handler: RewindHandler): void;
  /** Resolves when the last event has been delivered. */
  ended(): Promise<void>;
}

/** Events delivered per turn of the event loop at `max` speed (or while fast-forwarding). */
const CHUNK_EVENTS = 200;
/** How long `max` speed waits before looking at the gateway's backlog again, ms. */
const BACKOFF_MS = 5;

/** Creates the replay source over a loaded recording. */
export function createReplaySource(options: ReplayOptions): ReplaySource {
  const { recording, speed } = options;
  const { header, events } = recording;
  const wallNow = options.wallNow ?? Date.now;
  const instruments: readonly Instrument[] = header.instruments;
  const bySymbol = new Map(instruments.map((i) => [i.symbol, i] as const));
  const always = new Set(header.alwaysTrading);
  // NOTE: recordings made before the header listed `simulated` are simulated when the sim recorded them.
  const simulated = new Set(header.simulated ?? (header.source === 'sim' ? header.instruments.map((i) => i.symbol) : []));
  const history = createRecordingHistory(recording, { emptyBuckets: options.emptyBuckets, alwaysTrading: (s) => always.has(s) });

  let sink: SourceSink | null = null;
  let fromMs = header.startedAt;
  let clock = header.startedAt;
  let index = 0;
  let paused = options.paused ?? false;
  let anchorWall = 0;
  let anchorRec = 0;
  let seekTarget: number | null = null;
  let seekDone: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate: ReturnType<typeof setImmediate> | null = null;
  let isBackedUp = (): boolean => false;
  let rewind: RewindHandler | null = null;
  let rewinds = 0;
  let lastMessageAt: number | null = null;
  let endedFired = false;
  let endedResolve: () => void = () => undefined;
  let endedPromise = new Promise<void>((r) => (endedResolve = r));
  const fireEnded = (): void => {
    endedFired = true;
    endedResolve();
  };

  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer);
    if (immediate !== null) clearImmediate(immediate);
    timer = null;
    immediate = null;
  };
  const anchor = (): void => {
    anchorWall = wallNow();
    anchorRec = clock;
  };
  const firstAt = (ms: number): number => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((events[mid]?.t ?? Infinity) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const deliver = (target: SourceSink, event: RecordingEvent): void => {
    clock = event.t;
    lastMessageAt = wallNow();
    switch (event.k) {
      case 'trades': {
        // NOTE: after a rewind to T, trades before T are already in the seeded candles.
        const batch = event.d.some((t) => t.time < fromMs) ? event.d.filter((t) => t.time >= fromMs) : event.d;
        if (batch.length > 0) target.trades(batch);
        break;
      }
      case 'watermark':
        target.watermark(event.d);
        break;
      case 'quotes':
        target.quotes(event.d);
        break;
      case 'candles':
        target.candles(event.d);
        break;
      case 'symbolState':
        target.symbolState(event.d.symbol, event.d.state);
        break;
    }
  };

  const finishSeek = (): void => {
    if (seekTarget === null) return;
    clock = Math.max(clock, seekTarget);
    seekTarget = null;
    anchor();
    seekDone?.();
    seekDone = null;
  };

  /** One step of the delivery loop; reschedules itself. */
  const step = (): void => {
    timer = null;
    immediate = null;
    const target = sink;
    if (target === null) return;
    if (paused && seekTarget === null) return;
    if (speed === 'max' && seekTarget === null && isBackedUp()) {
      timer = setTimeout(step, BACKOFF_MS);
      return;
    }
    const dueUntil = seekTarget ?? (speed === 'max' ? Infinity : anchorRec + (wallNow() - anchorWall) * speed);
    for (let n = 0; n < CHUNK_EVENTS; n++) {
      const event = events[index];
      if (event === undefined || event.t > dueUntil) break;
      index++;
      deliver(target, event);
      // NOTE: the sink may stop the source, or a rewind may restart it, from inside a call.
      if (sink !== target) return;
    }
    const next = events[index];
    if (seekTarget !== null && (next === undefined || next.t > seekTarget)) finishSeek();
    if (next === undefined) {
      fireEnded();
      return;
    }
    if (paused && seekTarget === null) return;
    if (seekTarget !== null || speed === 'max' || next.t <= dueUntil) immediate = setImmediate(step);
    else timer = setTimeout(step, Math.max(0, anchorWall + (next.t - anchorRec) / speed - wallNow()));
  };
  const kick = (): void => {
    cancel();
    immediate = setImmediate(step);
  };

  const stateOf = (): ReplayState => (index >= events.length ? 'ended' : paused ? 'paused' : 'playing');

  return {
    id: 'replay',
    instruments: () => instruments,
    start(target, from) {
      cancel();
      sink = target;
      fromMs = from;
      clock = Math.max(clock, from);
      index = firstAt(from);
      if (endedFired && index < events.length) {
        endedFired = false;
        endedPromise = new Promise<void>((r) => (endedResolve = r));
      }
      anchor();
      kick();
    },
    stop() {
      cancel();
      sink = null;
    },
    health: () => ({ state: stateOf() === 'ended' ? 'closed' : 'live', lastMessageAt }),
    isTrading(symbol, ms) {
      const instrument = bySymbol.get(symbol);
      if (instrument === undefined) return false;
      return always.has(symbol) || statusAt(calendarFor(instrument.market), ms) !== 'closed';
    },
    alwaysTrading: (symbol) => always.has(symbol),
    simulated: (symbol) => simulated.has(symbol),
    history(symbol, interval, fromSec, untilMs) {
      const instrument = bySymbol.get(symbol);
      return Promise.resolve(instrument === undefined ? [] : history(instrument, interval, fromSec, Math.min(untilMs, clock)));
    },
    clock: () => clock,
    status: () => ({
      file: recording.file,
      state: stateOf(),
      position: clock,
      start: header.startedAt,
      end: recording.end,
      speed,
      events: { delivered: index, total: events.length },
      rewinds,
    }),
    pause() {
      paused = true;
      if (seekTarget === null) cancel();
    },
    resume() {
      if (!paused) return;
      paused = false;
      anchor();
      if (sink !== null) kick();
    },
    async seek(ms) {
      const to = Math.min(Math.max(ms, header.startedAt), recording.end);
      if (to >= clock) {
        if (sink === null) return;
        const done = new Promise<void>((r) => (seekDone = r));
        seekTarget = to;
        kick();
        return done;
      }
      if (rewind === null) throw new Error('replay: rewinding needs a rewind handler');
      // NOTE: a rewind restarts the streams from `to`: the handler stops us, rebuilds the
      // pipeline (which seeds from history() at the new clock) and starts us again.
      cancel();
      clock = to;
      rewinds++;
      await rewind();
    },
    setBackpressure: (fn) => void (isBackedUp = fn),
    onRewind: (handler) => void (rewind = handler),
    ended: () => endedPromise,
  };
}
