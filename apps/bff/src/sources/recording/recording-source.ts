import { bucketStart, type CandleState } from '@candlewire/market';
import { INTERVALS, INTERVAL_SECONDS, type Interval } from '@candlewire/protocol';
import type { MarketSource, SourceSink } from '../types';
import { RECORDING_VERSION, type RecordingEvent, type RecordingHeader } from './format';
import { createLineWriter, type LineWriter } from './writer';

/** Options of `createRecordingSource`. */
export interface RecordingOptions {
  /** NDJSON file to write (truncated). */
  file: string;
  /** Receive-time clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Told about a failure to write or to read the baseline; recording stops, the source goes on. */
  onError?: (err: Error) => void;
}

/** A source that writes everything it delivers to a file. */
export interface RecordingSource extends MarketSource {
  /** Flushes and closes the file (after the last event); idempotent. */
  close(): Promise<void>;
  /** Event lines written so far (the header not counted). */
  events(): number;
}

type Baseline = RecordingHeader['baseline'];

/** The source's candles at `fromMs` per symbol and interval, so a replay starts from the same state. */
async function readBaseline(source: MarketSource, fromMs: number): Promise<Baseline> {
  const baseline: Baseline = {};
  for (const instrument of source.instruments()) {
    const perInterval: Partial<Record<Interval, { previous: CandleState | null; forming: CandleState | null }>> = {};
    for (const interval of INTERVALS) {
      const current = bucketStart(interval, fromMs, instrument.timezone);
      const from = interval === '1d' ? current - 15 * 86_400 : current - INTERVAL_SECONDS[interval];
      const rows = await source.history(instrument.symbol, interval, from, fromMs);
      const last = rows.at(-1);
      perInterval[interval] = {
        previous: rows.filter((c) => c.time < current).at(-1) ?? null,
        forming: last?.time === current ? last : null,
      };
    }
    baseline[instrument.symbol] = perInterval;
  }
  return baseline;
}

/**
 * Wraps `inner` so that every event it delivers to the sink is also written to `options.file`:
 * one header line (instruments, start time, baseline candles), then one NDJSON line per sink
 * call with its receive time. Works with any source.
 */
export function createRecordingSource(inner: MarketSource, options: RecordingOptions): RecordingSource {
  const now = options.now ?? Date.now;
  let writer: LineWriter | null = null;
  /** Event lines that arrived while the header (baseline) was being read. */
  let early: string[] | null = null;
  let headerDone: Promise<void> = Promise.resolve();
  let events = 0;
  let stopped = false;

  const record = (event: RecordingEvent): void => {
    if (writer === null || stopped) return;
    const line = JSON.stringify(event);
    events++;
    if (early !== null) early.push(line);
    else writer.write(line);
  };

  const begin = (fromMs: number): void => {
    const out = createLineWriter(options.file, { ...(options.onError === undefined ? {} : { onError: options.onError }) });
    writer = out;
    early = [];
    // NOTE: the baseline is read asynchronously; events arriving meanwhile wait in `early` so the
    // header is always the first line.
    headerDone = readBaseline(inner, fromMs).then(
      (baseline) => {
        const instruments = inner.instruments();
        const header: RecordingHeader = {
          type: 'header',
          version: RECORDING_VERSION,
          source: inner.id,
          startedAt: fromMs,
          instruments: [...instruments],
          alwaysTrading: instruments.filter((i) => inner.alwaysTrading(i.symbol)).map((i) => i.symbol),
          simulated: instruments.filter((i) => inner.simulated?.(i.symbol) === true).map((i) => i.symbol),
          baseline,
        };
        out.write(JSON.stringify(header));
        for (const line of early ?? []) out.write(line);
        early = null;
      },
      (err: unknown) => {
        early = null;
        stopped = true;
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };

  const wrap = (sink: SourceSink): SourceSink => ({
    trades(batch) {
      record({ t: now(), k: 'trades', d: batch });
      sink.trades(batch);
    },
    watermark(ms) {
      record({ t: now(), k: 'watermark', d: ms });
      sink.watermark(ms);
    },
    quotes(batch) {
      record({ t: now(), k: 'quotes', d: batch });
      sink.quotes(batch);
    },
    candles(batch) {
      record({ t: now(), k: 'candles', d: batch });
      sink.candles(batch);
    },
    symbolState(symbol, state) {
      record({ t: now(), k: 'symbolState', d: { symbol, state } });
      sink.symbolState(symbol, state);
    },
  });

  const recording: RecordingSource = {
    id: inner.id,
    instruments: () => inner.instruments(),
    start(sink, fromMs) {
      // NOTE: one recording per process: a restarted source keeps appending to the same file.
      if (writer === null) begin(fromMs);
      inner.start(wrap(sink), fromMs);
    },
    stop: () => inner.stop(),
    health: () => inner.health(),
    isTrading: (symbol, ms) => inner.isTrading(symbol, ms),
    alwaysTrading: (symbol) => inner.alwaysTrading(symbol),
    simulated: (symbol) => inner.simulated?.(symbol) ?? false,
    history: (symbol, interval, fromSec, untilMs) => inner.history(symbol, interval, fromSec, untilMs),
    async close() {
      await headerDone;
      stopped = true;
      await writer?.close();
    },
    events: () => events,
  };
  if (inner.subscribe !== undefined) recording.subscribe = (symbols) => inner.subscribe?.(symbols);
  if (inner.unsubscribe !== undefined) recording.unsubscribe = (symbols) => inner.unsubscribe?.(symbols);
  if (inner.stats !== undefined) recording.stats = () => inner.stats?.() ?? { rejectedFrames: 0, connects: 0, frames: 0 };
  return recording;
}
