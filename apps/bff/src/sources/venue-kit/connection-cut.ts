/**
 * A venue connection replaced with an overlap instead of a gap: before the venue's own cut
 * (Binance: 24 h) or on its shutdown notice, a replacement opens and subscribes while the old one
 * still delivers; the replacement's data is held back, and after the overlap (counted from the
 * replacement being ready) the old one closes and the held data is delivered. De-duplicating the
 * doubled data (e.g. by trade id, `trade-dedupe.ts`) is the owner's part.
 */

/** What the cut needs of a connection. */
export interface CutConnection {
  /** A sequence number for logs. */
  readonly seq: number;
  start(): void;
  stop(): void;
  /** Open and every open-time subscription acknowledged. */
  isReady(): boolean;
  /** When the current connection opened (epoch ms), or null. */
  openedAt(): number | null;
}

/** Options of `createConnectionCut`. */
export interface ConnectionCutOptions<C extends CutConnection, T> {
  /** Creates a connection, not started; its callbacks report to `ready`, `data` and `closed`. */
  open(): C;
  /** A connection this old is replaced (planned cut), ms. */
  cutAfterMs: number;
  /** The old connection stays this long after the replacement is ready, ms. */
  overlapMs: number;
  now: () => number;
  /** Data of the active connection, and the replacement's held data once it took over. */
  deliver(items: readonly T[]): void;
  /** A replacement is opening (`planned` or the venue's reason). */
  onReplace?(from: C, reason: string): void;
  /** The replacement took over. */
  onSwitch?(from: C, to: C): void;
}

/** What a closed connection meant. */
export type CutClose = 'ignored' | 'lost' | 'taken-over' | 'taken-over-unready';

/** The active connection of a group and its replacement during a cut. */
export interface ConnectionCut<C extends CutConnection, T> {
  active(): C;
  /** The replacement during an overlap, or null. */
  standby(): C | null;
  /** Starts the first connection; idempotent. */
  start(): void;
  /** `conn` is ready: schedules the next planned cut (active) or the end of the overlap (replacement); true for the active one. */
  ready(conn: C): boolean;
  /** Data heard on `conn`: delivered (active), held (replacement) or dropped (an old one). */
  data(conn: C, item: T): void;
  /** Opens a replacement unless one is already opening. */
  replace(reason: string): void;
  /**
   * `conn` closed: `ignored` (not the active one: a replacement reconnects by itself), `lost`
   * (nothing to take over), `taken-over` / `taken-over-unready` (the replacement took over,
   * before it was subscribed: the owner repairs the gap).
   */
  closed(conn: C): CutClose;
  /** Stops both connections and every timer. */
  stop(): void;
}

/** Creates the cut over a first connection from `open`. */
export function createConnectionCut<C extends CutConnection, T>(options: ConnectionCutOptions<C, T>): ConnectionCut<C, T> {
  let active = options.open();
  let standby: C | null = null;
  let held: T[] = [];
  let cutTimer: ReturnType<typeof setTimeout> | null = null;
  let overlapTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const clear = (timer: ReturnType<typeof setTimeout> | null): null => {
    if (timer !== null) clearTimeout(timer);
    return null;
  };

  const scheduleCut = (): void => {
    cutTimer = clear(cutTimer);
    const opened = active.openedAt() ?? options.now();
    cutTimer = setTimeout(() => replace('planned'), Math.max(0, opened + options.cutAfterMs - options.now()));
    cutTimer.unref?.();
  };

  const replace = (reason: string): void => {
    if (standby !== null || stopped) return;
    options.onReplace?.(active, reason);
    held = [];
    standby = options.open();
    standby.start();
  };

  const takeOver = (): void => {
    const next = standby;
    if (next === null) return;
    overlapTimer = clear(overlapTimer);
    const old = active;
    active = next;
    standby = null;
    old.stop();
    const items = held;
    held = [];
    options.deliver(items);
    if (next.isReady()) scheduleCut();
    options.onSwitch?.(old, next);
  };

  return {
    active: () => active,
    standby: () => standby,
    start: () => active.start(),
    ready(conn) {
      if (conn === active) {
        scheduleCut();
        return true;
      }
      if (conn === standby) {
        overlapTimer = clear(overlapTimer);
        // NOTE: both connections now carry every stream; the old one keeps delivering for the
        // overlap so data in flight on it is not lost, then the replacement's held data fills in.
        overlapTimer = setTimeout(takeOver, options.overlapMs);
      }
      return false;
    },
    data(conn, item) {
      if (conn === standby) held.push(item);
      else if (conn === active) options.deliver([item]);
    },
    replace,
    closed(conn) {
      if (conn !== active) return 'ignored';
      cutTimer = clear(cutTimer);
      const next = standby;
      if (next === null) return 'lost';
      const wasReady = next.isReady();
      takeOver();
      return wasReady ? 'taken-over' : 'taken-over-unready';
    },
    stop() {
      stopped = true;
      cutTimer = clear(cutTimer);
      overlapTimer = clear(overlapTimer);
      active.stop();
      standby?.stop();
    },
  };
}
