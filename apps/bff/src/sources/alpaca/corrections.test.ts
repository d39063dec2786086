import type { Candle } from '@candlewire/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecordingSink, type RecordingSink } from '../../../test/recording-sink';
import { until, useFakeClock } from '../../../test/until';
import { createAlpacaSource, type AlpacaSource } from './alpaca-source';
import { startFakeAlpaca, type AlpacaBarRow, type FakeAlpaca } from '../../../test/fakes/fake-alpaca';

/** Tuesday 2026-11-17 10:07:30 New York (regular session, EST). */
const NOW = Date.UTC(2026, 10, 17, 15, 7, 30);
/** Midnight New York that day: the 1d bucket. */
const DAY = Date.UTC(2026, 10, 17, 5) / 1000;
const MIN = (h: number, m: number): number => Date.UTC(2026, 10, 17, h, m) / 1000;
const iso = (sec: number): string => new Date(sec * 1000).toISOString();
const DEBOUNCE = 500;

/** A 1-minute bar, in the wire's candle shape. */
type Bar = Candle;

/** The venue's 1m bars 13:50Z…15:06Z (pre-market and regular session), deterministic. */
function minuteBars(): Bar[] {
  const out: Bar[] = [];
  for (let t = MIN(13, 50); t <= MIN(15, 6); t += 60) {
    const k = (t - MIN(13, 50)) / 60;
    const open = 200 + ((k * 7) % 11) / 4;
    const close = 200 + ((k * 5) % 13) / 4;
    out.push({ time: t, open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.25, close, volume: 100 + ((k * 37) % 90) });
  }
  return out;
}

const row = (b: Bar): AlpacaBarRow => ({ t: iso(b.time), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume });

/** Independent reference: folds 1m bars into the bucket starting at `start` of `sizeSec` (or the NY day). */
function fold(bars: readonly Bar[], start: number, sizeSec: number): Bar {
  const inside = bars.filter((b) => b.time >= start && b.time < start + sizeSec);
  const first = inside[0];
  const last = inside.at(-1);
  if (first === undefined || last === undefined) throw new Error('empty bucket');
  return {
    time: start,
    open: first.open,
    high: Math.max(...inside.map((b) => b.high)),
    low: Math.min(...inside.map((b) => b.low)),
    close: last.close,
    volume: inside.reduce((sum, b) => sum + b.volume, 0),
  };
}

let fake: FakeAlpaca;
let source: AlpacaSource;
let sink: RecordingSink;

async function boot(): Promise<void> {
  useFakeClock(NOW);
  fake = await startFakeAlpaca();
  source = createAlpacaSource({
    credentials: { key: 'test-key', secret: 'test-secret' },
    wsUrl: fake.wsUrl,
    restUrl: fake.restUrl,
    feed: 'iex',
    emptyBuckets: 'skip',
    correctionDebounceMs: DEBOUNCE,
    random: () => 0.5,
  });
  sink = createRecordingSink();
  source.subscribe(['AAPL']);
  source.start(sink, NOW);
  await until(() => fake.subscriptions('updatedBars').length === 1, 'subscription');
}

afterEach(async () => {
  source.stop();
  await fake.close();
  vi.useRealTimers();
});

const minuteFetches = (): number => fake.restRequests.filter((r) => r.query['timeframe'] === '1Min').length;
const revisions = (): { interval: string; candle: Bar }[] => sink.candleLog.filter((c) => c.interval !== '1m');

describe('Alpaca updatedBars corrections revise the coarser buckets', () => {
  it('a burst of corrections ⇒ one REST fetch and exact 5m/15m/1h/1d revisions, live trades counted once', async () => {
    await boot();
    const bars = minuteBars();
    const fix1 = { time: MIN(15, 3), open: 201, high: 209, low: 195, close: 208, volume: 5_000 };
    const fix2 = { time: MIN(14, 58), open: 200.5, high: 200.75, low: 190, close: 199, volume: 1 };
    const corrected = bars.map((b) => (b.time === fix1.time ? fix1 : b.time === fix2.time ? fix2 : b));
    // The venue's REST already has the corrections and a partial, older bar of the current
    // minute; the stream delivered that minute's trades live: they count, once.
    const trades = [
      { price: 204, size: 30, at: NOW - 300 },
      { price: 210, size: 20, at: NOW - 200 },
      { price: 203, size: 10, at: NOW - 100 },
    ];
    fake.setBars('AAPL', '1Min', [...corrected.map(row), { t: iso(MIN(15, 7)), o: 204, h: 204, l: 204, c: 204, v: 30 }]);
    fake.emit(
      trades.map((t, i) => ({
        T: 't',
        S: 'AAPL',
        i: i + 1,
        x: 'V',
        p: t.price,
        s: t.size,
        t: new Date(t.at).toISOString(),
        c: ['@'],
        z: 'C',
      })),
    );
    await until(() => sink.tradeLog.length === 3, 'trades');
    const u = (b: Bar) => ({
      T: 'u' as const,
      S: 'AAPL',
      t: iso(b.time),
      o: b.open,
      h: b.high,
      l: b.low,
      c: b.close,
      v: b.volume,
      n: 9,
      vw: b.close,
    });
    fake.emit([u({ ...fix1, high: 205 })]);
    fake.emit([u(fix2)]);
    fake.emit([u(fix1)]);
    await until(() => sink.candleLog.length === 3, '1m corrections');
    expect(sink.candleLog.map((c) => [c.interval, c.candle])).toEqual([
      ['1m', { ...fix1, high: 205 }],
      ['1m', fix2],
      ['1m', fix1],
    ]);
    expect(minuteFetches()).toBe(0);
    vi.advanceTimersByTime(DEBOUNCE);
    await until(() => revisions().length === 7, 'coarser revisions');
    expect(minuteFetches()).toBe(1);

    const live: Bar = { time: MIN(15, 7), open: 204, high: 210, low: 203, close: 203, volume: 60 };
    const all = [...corrected, live];
    const expected = [
      ['5m', fold(all, MIN(14, 55), 300)],
      ['5m', fold(all, MIN(15, 0), 300)],
      ['15m', fold(all, MIN(14, 45), 900)],
      ['15m', fold(all, MIN(15, 0), 900)],
      ['1h', fold(all, MIN(14, 0), 3600)],
      ['1h', fold(all, MIN(15, 0), 3600)],
      ['1d', fold(all, DAY, 86_400)],
    ];
    const byKey = (a: (string | Bar)[], b: (string | Bar)[]): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(
      revisions()
        .map((c) => [c.interval, c.candle])
        .sort(byKey),
    ).toEqual(expected.sort(byKey));
    expect(fold(all, DAY, 86_400).volume).toBe(corrected.reduce((s, b) => s + b.volume, 0) + 60);
    expect(source.stats()).toMatchObject({ corrections: 3, correctionRevisions: 7, restErrors: 0 });
  });

  it('corrections during a fetch get one more run; a failing REST costs only the revision', async () => {
    await boot();
    const bars = minuteBars();
    fake.setBars('AAPL', '1Min', bars.map(row));
    const fix = (b: Bar | undefined, volume: number): Bar => ({ ...(b ?? bars[0]!), volume });
    const u = (b: Bar) => ({
      T: 'u' as const,
      S: 'AAPL',
      t: iso(b.time),
      o: b.open,
      h: b.high,
      l: b.low,
      c: b.close,
      v: b.volume,
      n: 1,
      vw: b.close,
    });
    const early = fix(
      bars.find((b) => b.time === MIN(14, 10)),
      7_777,
    );
    fake.emit([u(early)]);
    await until(() => sink.candleLog.length === 1, '1m');
    vi.advanceTimersByTime(DEBOUNCE);
    await until(() => minuteFetches() === 1, 'first fetch');
    // NOTE: REST not yet updated: the correction itself is laid over the venue's bars.
    const later = fix(
      bars.find((b) => b.time === MIN(14, 20)),
      8_888,
    );
    fake.emit([u(later)]);
    await until(() => revisions().length === 4 && sink.candleLog.length === 6, 'first revisions');
    vi.advanceTimersByTime(DEBOUNCE);
    await until(() => revisions().length === 8, 'second revisions');
    expect(minuteFetches()).toBe(2);
    const both = bars.map((b) => (b.time === early.time ? early : b.time === later.time ? later : b));
    expect(
      revisions()
        .slice(4)
        .map((c) => [c.interval, c.candle]),
    ).toEqual([
      ['5m', fold(both, MIN(14, 20), 300)],
      ['15m', fold(both, MIN(14, 15), 900)],
      ['1h', fold(both, MIN(14, 0), 3600)],
      ['1d', fold(both, DAY, 86_400)],
    ]);

    fake.setBars('AAPL', '1Min', [{ ...row(bars[0]!), o: -1 }]);
    fake.emit([u(fix(bars.at(-1), 1))]);
    await until(() => sink.candleLog.length === 11, '1m still delivered');
    vi.advanceTimersByTime(DEBOUNCE);
    await until(() => source.stats().restErrors === 1, 'rest error', 15_000);
    expect(revisions()).toHaveLength(8);
  });
});
