import { afterEach, vi } from 'vitest';
import { createRecordingSink, type RecordingSink } from './recording-sink';
import { useFakeClock } from './until';
import { createBinanceSource } from '../src/sources/binance/binance-source';
import { startFakeBinance, type FakeBinance } from './fakes/fake-binance';
import type { BinanceSource, BinanceSourceOptions } from '../src/sources/binance/options';

/** Fakes timers and Date only: real sockets keep working, `setImmediate` stays real for IO turns. */
export function useVenueFakeTimers(startMs = Date.UTC(2026, 0, 5, 12, 0, 0)): void {
  useFakeClock(startMs);
}

/** A fake Binance with a started source over it and the sink it delivers to. */
export interface BinanceTestbed {
  fake: FakeBinance;
  source: BinanceSource;
  sink: RecordingSink;
}

/**
 * Per-test fake venue + source: `start` starts a fake Binance and a source pointed at it (started
 * on a recording sink); after each test the source stops, the fake closes and real timers return.
 */
export function useBinanceTestbed(): { start(options?: Omit<BinanceSourceOptions, 'wsUrl' | 'restUrl'>): Promise<BinanceTestbed> } {
  let current: { fake: FakeBinance; source?: BinanceSource } | undefined;
  afterEach(async () => {
    current?.source?.stop();
    await current?.fake.close();
    current = undefined;
    vi.useRealTimers();
  });
  return {
    async start(options = {}) {
      const fake = await startFakeBinance();
      current = { fake };
      const source = createBinanceSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl, ...options });
      current.source = source;
      const sink = createRecordingSink();
      source.start(sink, 0);
      return { fake, source, sink };
    },
  };
}

const realMs = (): number => Number(process.hrtime.bigint() / 1_000_000n);
const ioTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Waits (real time, at most `timeoutMs`) until `cond` holds, letting socket IO run; with
 * `stepMs` > 0 and fake timers on, fake time advances by `stepMs` each turn (paced senders).
 */
export async function waitUntil(cond: () => boolean, options: { stepMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const end = realMs() + (options.timeoutMs ?? 5000);
  const stepMs = options.stepMs ?? 0;
  while (!cond()) {
    if (realMs() > end) throw new Error('waitUntil: condition not met in time');
    if (stepMs > 0 && vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(stepMs);
    for (let i = 0; i < 5; i++) await ioTurn();
  }
}

/** Advances fake time by `ms` in `stepMs` steps, letting IO run between steps. */
export async function advance(ms: number, stepMs = ms): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) {
    await vi.advanceTimersByTimeAsync(Math.min(stepMs, ms - done));
    for (let i = 0; i < 5; i++) await ioTurn();
  }
}
