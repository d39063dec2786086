import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SourceSink, SourceTrade } from '../types';
import { createReplaySource, loadRecording } from '.';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/sim-session.ndjson', import.meta.url));
const recording = loadRecording(FIXTURE);
const start = recording.header.startedAt;

/** A sink that keeps what it is given, with the replay clock at each delivery. */
function collector(clock: () => number) {
  const trades: SourceTrade[] = [];
  const watermarks: { ms: number; clock: number }[] = [];
  const sink: SourceSink = {
    trades: (batch) => void trades.push(...batch),
    watermark: (ms) => void watermarks.push({ ms, clock: clock() }),
    quotes: () => undefined,
    candles: () => undefined,
    symbolState: () => undefined,
  };
  return { sink, trades, watermarks };
}

afterEach(() => vi.useRealTimers());

describe('replay source', () => {
  it('at max speed holds back while the gateway reports a backlog, and goes on when it drains', async () => {
    const replay = createReplaySource({ recording, speed: 'max', emptyBuckets: 'flat' });
    const out = collector(() => replay.clock());
    let backedUp = true;
    replay.setBackpressure(() => backedUp);
    replay.start(out.sink, start);
    await new Promise((r) => setTimeout(r, 100));
    expect(out.watermarks).toHaveLength(0);
    expect(replay.status().events.delivered).toBe(0);
    backedUp = false;
    await replay.ended();
    expect(replay.status()).toMatchObject({ state: 'ended', position: recording.end });
    expect(out.watermarks.length).toBe(recording.events.filter((e) => e.k === 'watermark').length);
    replay.stop();
  });

  it('runs on the recording clock: at speed 4, an event recorded 8 s in arrives after 2 s, with the clock at its receive time', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const replay = createReplaySource({ recording, speed: 4, emptyBuckets: 'flat' });
    const out = collector(() => replay.clock());
    replay.start(out.sink, start);
    const target = recording.events.find((e) => e.k === 'watermark' && e.t >= start + 8000);
    if (target === undefined) throw new Error('fixture too short');
    const dueWall = (target.t - start) / 4;
    await vi.advanceTimersByTimeAsync(dueWall - 20);
    expect(out.watermarks.some((w) => w.clock === target.t)).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    expect(out.watermarks.some((w) => w.clock === target.t && w.ms === target.d)).toBe(true);
    replay.pause();
    const frozen = replay.clock();
    await vi.advanceTimersByTimeAsync(5000);
    expect(replay.clock()).toBe(frozen);
    replay.stop();
  });

  it('started from a later time, delivers only trades at or after it and computes history up to it from the recording', async () => {
    const from = start + 30_000;
    const replay = createReplaySource({ recording, speed: 'max', emptyBuckets: 'flat' });
    const out = collector(() => replay.clock());
    replay.start(out.sink, from);
    await replay.ended();
    replay.stop();
    expect(out.trades.length).toBeGreaterThan(0);
    expect(out.trades.every((t) => t.time >= from)).toBe(true);
    const recorded = recording.events.flatMap((e) => (e.k === 'trades' ? e.d : [])).filter((t) => t.time >= from);
    expect(out.trades.map((t) => t.id)).toEqual(recorded.map((t) => t.id));
    const minutes = await replay.history('BTC-USDT', '1m', 0, recording.end);
    const volume = recording.events
      .flatMap((e) => (e.k === 'trades' ? e.d : []))
      .filter((t) => t.symbol === 'BTC-USDT' && Math.floor(t.time / 60_000) * 60 === minutes.at(-1)?.time)
      .reduce((sum, t) => sum + Math.round(t.size * 1e5), 0);
    expect(minutes.at(-1)?.units).toBe(volume);
    expect(minutes[0]?.time).toBeGreaterThanOrEqual(recording.header.baseline['BTC-USDT']?.['1m']?.previous?.time ?? Infinity);
  });
});
