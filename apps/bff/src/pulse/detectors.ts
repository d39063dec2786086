/**
 * Anomaly detectors: pure functions of the trades they are fed (no I/O, no timers, no clock),
 * so a replayed or generated trade sequence always yields the same alerts.
 */
import type { Alert, AlertKind } from '@candlewire/protocol';
import type { Thresholds } from './thresholds';

/** What a detector reads of a trade. */
export interface DetectorTrade {
  symbol: string;
  price: number;
  size: number;
  /** Epoch ms. */
  time: number;
}

/** Surge, plunge and volume-spike detection over every symbol. */
export interface Detectors {
  /** Feeds one trade (per symbol in time order); returns the alerts it triggers, usually none. */
  add(trade: DetectorTrade): Alert[];
  /** Warm-up: `volume` traded in the window holding `time` (from history); never alerts. */
  warmVolume(symbol: string, time: number, volume: number): void;
}

/** A time-ordered window keeping its minimum (or maximum) at the head: O(1) amortised per push. */
interface ExtremeWindow {
  times: number[];
  prices: number[];
  head: number;
}

const emptyWindow = (): ExtremeWindow => ({ times: [], prices: [], head: 0 });

/** Pushes (time, price), dropping what can never be the extreme again (`better(a, b)`: a beats b). */
function push(w: ExtremeWindow, time: number, price: number, better: (a: number, b: number) => boolean): void {
  while (w.prices.length > w.head && !better(w.prices[w.prices.length - 1] ?? price, price)) {
    w.prices.pop();
    w.times.pop();
  }
  w.times.push(time);
  w.prices.push(price);
}

/** Drops entries older than `cutoff` and returns the extreme price (undefined when empty). */
function evict(w: ExtremeWindow, cutoff: number): number | undefined {
  while (w.head < w.times.length && (w.times[w.head] ?? Infinity) < cutoff) w.head++;
  if (w.head > 64 && w.head * 2 > w.times.length) {
    w.times = w.times.slice(w.head);
    w.prices = w.prices.slice(w.head);
    w.head = 0;
  }
  return w.prices[w.head];
}

interface SymbolState {
  t: Thresholds;
  lows: ExtremeWindow;
  highs: ExtremeWindow;
  /** Index of the current volume window (time / window length), null before the first trade. */
  bucket: number | null;
  bucketVolume: number;
  /** Price before the current window's first trade (its reference for the price change). */
  bucketRef: number | null;
  spiked: boolean;
  /** Volumes of the previous completed windows, oldest first, at most `volumeAvgWindows`. */
  history: number[];
  lastPrice: number | null;
  lastAlert: Record<AlertKind, number>;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** "+3.2 %", "−0.45 %": one decimal from 1 % up, two below (thresholds can be small). */
export function formatPct(pct: number): string {
  const digits = Math.abs(pct) >= 1 ? 1 : 2;
  const text = Math.abs(pct).toFixed(digits);
  return `${pct < 0 ? '-' : '+'}${text} %`;
}

/** The alert's one-line message, as a trader reads it at a glance. */
export function alertMessage(symbol: string, kind: AlertKind, changePct: number, windowSec: number, factor?: number): string {
  if (kind === 'volume_spike') return `${symbol} volume ${(factor ?? 0).toFixed(1)}× avg in ${windowSec} s`;
  return `${symbol} ${formatPct(changePct)} in ${windowSec} s`;
}

/**
 * Creates the detectors. `thresholdsFor(symbol)` gives a symbol's thresholds (its market's);
 * undefined = not watched. NOTE: `id` = symbol, kind and trade time: unique (the cooldown is at
 * least a second) and stable (the same trades give the same ids, after a restart too).
 */
export function createDetectors(thresholdsFor: (symbol: string) => Thresholds | undefined): Detectors {
  const states = new Map<string, SymbolState | null>();

  const stateOf = (symbol: string): SymbolState | null => {
    let s = states.get(symbol);
    if (s === undefined) {
      const t = thresholdsFor(symbol);
      s =
        t === undefined
          ? null
          : {
              t,
              lows: emptyWindow(),
              highs: emptyWindow(),
              bucket: null,
              bucketVolume: 0,
              bucketRef: null,
              spiked: false,
              history: [],
              lastPrice: null,
              lastAlert: { surge: -Infinity, plunge: -Infinity, volume_spike: -Infinity },
            };
      states.set(symbol, s);
    }
    return s;
  };

  /** Moves the volume window forward to `bucket`, closing the windows in between. */
  const roll = (s: SymbolState, bucket: number): void => {
    if (s.bucket === null) {
      s.bucket = bucket;
      s.bucketRef = s.lastPrice;
      return;
    }
    if (bucket <= s.bucket) return; // NOTE: a late trade counts in the current window.
    const n = s.t.volumeAvgWindows;
    const gap = bucket - s.bucket - 1;
    // NOTE: a gap of a whole average's worth (a closed market, a lunch break) restarts the
    // average: quiet hours say nothing about the volume of the next session.
    if (gap >= n) s.history = [];
    else {
      s.history.push(s.bucketVolume);
      for (let i = 0; i < gap; i++) s.history.push(0);
      if (s.history.length > n) s.history.splice(0, s.history.length - n);
    }
    s.bucket = bucket;
    s.bucketVolume = 0;
    s.bucketRef = s.lastPrice;
    s.spiked = false;
  };

  const cooling = (s: SymbolState, kind: AlertKind, time: number): boolean => time - s.lastAlert[kind] < s.t.cooldownSec * 1000;

  const alert = (
    s: SymbolState,
    symbol: string,
    kind: AlertKind,
    time: number,
    changePct: number,
    windowSec: number,
    factor?: number,
  ): Alert => {
    s.lastAlert[kind] = time;
    const pct = round2(changePct);
    return {
      id: `${symbol}:${kind}:${time}`,
      symbol,
      kind,
      message: alertMessage(symbol, kind, pct, windowSec, factor),
      changePct: pct,
      windowSec,
      time,
    };
  };

  const detectMove = (s: SymbolState, trade: DetectorTrade, out: Alert[]): void => {
    const { time, price } = trade;
    push(s.lows, time, price, (a, b) => a < b);
    push(s.highs, time, price, (a, b) => a > b);
    const cutoff = time - s.t.moveWindowSec * 1000;
    const low = evict(s.lows, cutoff) ?? price;
    const high = evict(s.highs, cutoff) ?? price;
    const up = low > 0 ? (100 * (price - low)) / low : 0;
    const down = high > 0 ? (100 * (price - high)) / high : 0;
    let kind: AlertKind | null = null;
    if (up >= s.t.movePct && !cooling(s, 'surge', time)) kind = 'surge';
    else if (-down >= s.t.movePct && !cooling(s, 'plunge', time)) kind = 'plunge';
    if (kind === null) return;
    out.push(alert(s, trade.symbol, kind, time, kind === 'surge' ? up : down, s.t.moveWindowSec));
    // NOTE: the move is reported; the next one is measured from here.
    s.lows = emptyWindow();
    s.highs = emptyWindow();
    push(s.lows, time, price, (a, b) => a < b);
    push(s.highs, time, price, (a, b) => a > b);
  };

  const detectVolume = (s: SymbolState, trade: DetectorTrade, out: Alert[]): void => {
    if (s.spiked || s.history.length < s.t.volumeAvgWindows) return;
    const avg = s.history.reduce((a, b) => a + b, 0) / s.history.length;
    if (avg <= 0 || s.bucketVolume < s.t.volumeFactor * avg) return;
    s.spiked = true;
    if (cooling(s, 'volume_spike', trade.time)) return;
    const ref = s.bucketRef ?? trade.price;
    const changePct = ref > 0 ? (100 * (trade.price - ref)) / ref : 0;
    out.push(alert(s, trade.symbol, 'volume_spike', trade.time, changePct, s.t.volumeWindowSec, s.bucketVolume / avg));
  };

  return {
    add(trade) {
      const s = stateOf(trade.symbol);
      if (s === null || !(trade.price > 0) || !(trade.size >= 0) || !Number.isFinite(trade.time)) return [];
      const out: Alert[] = [];
      roll(s, Math.floor(trade.time / (s.t.volumeWindowSec * 1000)));
      s.bucketVolume += trade.size;
      detectMove(s, trade, out);
      detectVolume(s, trade, out);
      s.lastPrice = trade.price;
      return out;
    },
    warmVolume(symbol, time, volume) {
      const s = stateOf(symbol);
      if (s === null || !(volume >= 0)) return;
      roll(s, Math.floor(time / (s.t.volumeWindowSec * 1000)));
      s.bucketVolume += volume;
    },
  };
}
