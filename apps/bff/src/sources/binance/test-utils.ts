import { vi } from 'vitest';
import type { SourceCandle, SourceQuote, SourceSink, SourceState, SourceTrade } from '../types';

/** A sink recording everything a source delivers. */
export interface RecordingSink extends SourceSink {
  readonly tradeLog: SourceTrade[];
  readonly quoteLog: SourceQuote[];
  readonly candleLog: SourceCandle[];
  readonly stateLog: { symbol: string; state: SourceState }[];
  readonly watermarks: number[];
}

/** Creates a recording sink. */
export function createRecordingSink(): RecordingSink {
  const tradeLog: SourceTrade[] = [];
  const quoteLog: SourceQuote[] = [];
  const candleLog: SourceCandle[] = [];
  const stateLog: { symbol: string; state: SourceState }[] = [];
  const watermarks: number[] = [];
  return {
    tradeLog,
    quoteLog,
    candleLog,
    stateLog,
    watermarks,
    trades: (b) => void tradeLog.push(...b),
    quotes: (b) => void quoteLog.push(...b),
    candles: (b) => void candleLog.push(...b),
    symbolState: (symbol, state) => void stateLog.push({ symbol, state }),
    watermark: (ms) => void watermarks.push(ms),
  };
}

/** Fakes timers and Date only: real sockets keep working, `setImmediate` stays real for IO turns. */
export function useVenueFakeTimers(startMs = Date.UTC(2026, 0, 5, 12, 0, 0)): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: startMs });
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
