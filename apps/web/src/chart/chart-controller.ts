/**
 * The chart's data logic, framework-free: merges REST pages, channel snapshots and live updates
 * into the in-memory candles and decides how to paint them (per-frame `update()` or `setData`).
 */
import type { Candle, Interval } from '@candlewire/protocol';
import type { ChartLayer } from './chart-layers';
import type { ChartView, ViewFormat } from './chart-view';
import { createCoalescer, type Coalescer, type FrameEnv } from './coalescer';
import { CandleStore, MAX_CANDLES } from './candle-store';
import { HistorySync, type PageLoader } from './history-sync';
import { markFirstCandle } from './test-hooks';

/** Load older history when fewer than this many bars are left of the visible range. */
export const SCROLL_BACK_THRESHOLD = 30;

/** Tiny change signal (paint counter) for React's useSyncExternalStore. */
export interface PaintSignal {
  readonly subscribe: (listener: () => void) => () => void;
  readonly version: () => number;
}

/** Owns the candles of one chart panel and paints them into its view. */
export class ChartController {
  readonly store = new CandleStore();
  /** `Date.now()` of the last snapshot or update from the channel (feed freshness). */
  lastDataAt: number | null = null;
  readonly signal: PaintSignal;
  private readonly coalescer: Coalescer;
  private readonly history: HistorySync;
  private readonly listeners = new Set<() => void>();
  private paints = 0;
  private hasPainted = false;
  private timeZone: string | null = null;
  private readonly stopRange: () => void;

  constructor(
    private readonly view: ChartView,
    loadPage: PageLoader,
    env?: FrameEnv,
  ) {
    this.history = new HistorySync({ store: this.store, repaint: () => this.paintFull() }, loadPage);
    this.coalescer = createCoalescer((candles, full) => this.paint(candles, full), env);
    this.signal = {
      subscribe: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      version: () => this.paints,
    };
    this.stopRange = view.onVisibleRange((from) => {
      if (from < SCROLL_BACK_THRESHOLD) void this.history.loadOlder();
    });
  }

  /** Candles as painted (for the legend). */
  get painted(): readonly Candle[] {
    return this.view.painted;
  }

  /** Adds a layer to this chart (see `chart-layers.ts`); it follows every paint. Returns its removal. */
  addLayer(layer: ChartLayer): () => void {
    return this.view.addLayer(layer);
  }

  /** Loads one older page of history (as a scroll back does); indicators that need more bars call it. */
  loadOlder(): Promise<void> {
    return this.history.loadOlder();
  }

  /** Starts over for another symbol or interval: drops candles and in-flight pages. */
  reset(symbol: string, interval: Interval): void {
    this.history.reset(symbol, interval);
    this.store.clear();
    this.coalescer.reset();
    this.hasPainted = false;
    this.lastDataAt = null;
    this.view.paintAll([]);
    this.emit();
  }

  /** Instrument display settings; a zone change repaints (chart times move). */
  setFormat(format: ViewFormat): void {
    this.view.setFormat(format);
    if (this.timeZone !== null && this.timeZone !== format.timeZone) this.paintFull();
    this.timeZone = format.timeZone;
  }

  /** The latest REST page (from react-query). */
  applyHistory(candles: readonly Candle[], pageSize: number): void {
    if (candles.length < pageSize) this.history.setExhausted(true);
    if (this.store.mergeHistory(candles) > 0) this.paintFull();
  }

  /** A channel snapshot: first one, a late listener's, or `reset` after a reconnect without recovery. */
  applySnapshot(candles: readonly Candle[], reset: boolean): void {
    this.lastDataAt = Date.now();
    const first = candles[0];
    const hadOlder = first !== undefined && this.store.first !== undefined && this.store.first.time < first.time;
    this.store.replaceFrom(candles);
    this.paintFull();
    // NOTE: after a reset the server may have rebuilt history: reload the range just before the
    // snapshot, so a long outage leaves no hole and no bucket of the old server differs.
    if (reset) this.history.afterReset(first?.time, hadOlder);
  }

  /** One live update of a bucket (latest state wins within a frame). */
  applyUpdate(candle: Candle): void {
    this.lastDataAt = Date.now();
    this.history.beforeUpdate(candle);
    const result = this.store.upsert(candle);
    // NOTE: a full repaint also trims: a 1s chart left open for hours stays bounded.
    if (result === 'older' || this.store.candles.length > MAX_CANDLES + 1_000) this.coalescer.requestFull();
    else this.coalescer.push(candle);
  }

  dispose(): void {
    this.stopRange();
    this.coalescer.dispose();
    this.listeners.clear();
  }

  private paint(candles: Candle[], full: boolean): void {
    if (full || !this.view.paintLive(candles)) this.paintFull();
    else this.emit();
  }

  private paintFull(): void {
    if (this.store.trim() > 0) this.history.setExhausted(false);
    this.coalescer.reset(); // everything pending is in the store already
    this.view.paintAll(this.store.candles);
    if (!this.hasPainted && this.store.candles.length > 0) {
      this.hasPainted = true;
      markFirstCandle();
      this.view.scrollToLatest();
    }
    this.emit();
  }

  private emit(): void {
    this.paints++;
    for (const listener of this.listeners) listener();
  }
}
