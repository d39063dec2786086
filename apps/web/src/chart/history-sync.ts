/**
 * REST side of the chart's candles: older pages when the user scrolls back, and repairs after
 * a reset or a hole in the live stream (a server restart: its first snapshot may be empty, and
 * the bucket that was forming when it died is never finalised on the channel).
 */
import type { Candle, Interval } from '@candlewire/protocol';
import type { CandleStore } from './candle-store';

/** Fetches up to `limit` candles strictly before `before` (epoch s), oldest first. */
export type PageLoader = (symbol: string, interval: Interval, before: number, limit: number) => Promise<Candle[]>;

/** Bucket length per interval (local copy: the protocol barrel would pull zod into the bundle). */
export const STEP_SECONDS: Record<Interval, number> = { '1s': 1, '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '1d': 86_400 };

/** Largest page the REST API serves. */
export const MAX_LIMIT = 1000;
/** Page size when scrolling back. */
export const OLDER_PAGE = 500;
const FILL_ATTEMPTS = 4;
/** NOTE: gaps are legitimate when a market is closed; do not hammer REST for each one. */
const MIN_GAP_FILL_MS = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** What the sync writes to. */
export interface SyncTarget {
  readonly store: CandleStore;
  /** Repaints everything from the store. */
  repaint(): void;
}

/** Loads and repairs history for one chart; every result is dropped if the session changed. */
export class HistorySync {
  private session = { symbol: '', interval: '1m' as Interval, id: 0 };
  private loadingOlder = false;
  private exhausted = false;
  private filling = false;
  private lastFillAt = 0;
  private resyncPending = false;

  constructor(
    private readonly target: SyncTarget,
    private readonly load: PageLoader,
  ) {}

  /** New symbol or interval. */
  reset(symbol: string, interval: Interval): void {
    this.session = { symbol, interval, id: this.session.id + 1 };
    this.loadingOlder = false;
    this.exhausted = false;
    this.filling = false;
    this.resyncPending = false;
  }

  /** Nothing older exists (a short latest page) — or, with false, there may be again (after a trim). */
  setExhausted(value: boolean): void {
    this.exhausted = value;
  }

  /** Prepends the page before the oldest candle. */
  async loadOlder(): Promise<void> {
    const oldest = this.target.store.first;
    if (this.loadingOlder || this.exhausted || oldest === undefined) return;
    const { symbol, interval, id } = this.session;
    this.loadingOlder = true;
    try {
      const page = await this.load(symbol, interval, oldest.time, OLDER_PAGE);
      // NOTE: the symbol or interval may have changed while the page was in flight.
      if (id !== this.session.id) return;
      if (this.target.store.mergeHistory(page) > 0) this.target.repaint();
      else this.exhausted = true;
    } catch {
      // A failed page is retried on the next scroll.
    } finally {
      if (id === this.session.id) this.loadingOlder = false;
    }
  }

  /** After a reset snapshot: reload what lies before it, and repair the seam at the next update. */
  afterReset(snapshotFirst: number | undefined, hadOlder: boolean): void {
    if (snapshotFirst !== undefined && hadOlder)
      void this.fill(snapshotFirst - MAX_LIMIT * STEP_SECONDS[this.session.interval], snapshotFirst);
    // NOTE: an empty snapshot (server still starting) leaves the last held bucket unfinished.
    if (snapshotFirst === undefined) this.resyncPending = true;
  }

  /** Before a live update is stored: a hole since the last held bucket is filled from REST. */
  beforeUpdate(candle: Candle): void {
    const last = this.target.store.last;
    if (last === undefined || candle.time <= last.time) return;
    const hole = candle.time > last.time + STEP_SECONDS[this.session.interval];
    if (!this.resyncPending && !(hole && Date.now() - this.lastFillAt > MIN_GAP_FILL_MS)) return;
    this.resyncPending = false;
    this.lastFillAt = Date.now();
    void this.fill(last.time, candle.time);
  }

  /** Replaces [from, before) with REST's candles (all closed), retrying while the server starts. */
  private async fill(from: number, before: number): Promise<void> {
    if (this.filling) {
      this.resyncPending = true;
      return;
    }
    const { symbol, interval, id } = this.session;
    const limit = Math.min(MAX_LIMIT, Math.ceil((before - from) / STEP_SECONDS[interval]) + 1);
    this.filling = true;
    try {
      for (let attempt = 0; attempt < FILL_ATTEMPTS && id === this.session.id; attempt++) {
        try {
          const page = (await this.load(symbol, interval, before, limit)).filter((c) => c.time >= from);
          if (id !== this.session.id) return;
          this.target.store.replaceRange(page);
          this.target.repaint();
          return;
        } catch {
          await sleep(1000 * (attempt + 1));
        }
      }
    } finally {
      if (id === this.session.id) this.filling = false;
    }
  }
}
