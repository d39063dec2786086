import { INTERVALS } from '@candlewire/protocol';
import { z } from 'zod';

/** Version of the recording format written in the header line. */
export const RECORDING_VERSION = 1;

const candleState = z.object({
  time: z.number().int(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  units: z.number().int(),
});

const candle = z.object({
  time: z.number().int(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
});

const instrument = z.object({
  symbol: z.string(),
  name: z.string(),
  market: z.enum(['US', 'CN', 'HK', 'CRYPTO']),
  currency: z.string(),
  tickSize: z.number().positive(),
  lot: z.number().positive(),
  timezone: z.string(),
});

/** What the source had already built when recording began: the bucket before and the forming bucket. */
const baselineInterval = z.object({ previous: candleState.nullable(), forming: candleState.nullable() });
const intervalKey = z.enum(INTERVALS);

/** The first line of a recording. */
export const recordingHeaderSchema = z.object({
  type: z.literal('header'),
  version: z.literal(RECORDING_VERSION),
  /** Id of the recorded source. */
  source: z.string(),
  /** Epoch ms: the `fromMs` the source was started with (the recording's clock starts here). */
  startedAt: z.number().int(),
  instruments: z.array(instrument),
  /** Symbols the source reported as trading at every hour. */
  alwaysTrading: z.array(z.string()),
  /** Symbols whose prices the recorded source generated (the simulation); absent in older files. */
  simulated: z.array(z.string()).optional(),
  /** Per symbol and interval, the source's candles at `startedAt` (what the pipeline was seeded with). */
  baseline: z.record(z.string(), z.partialRecord(intervalKey, baselineInterval)),
});

/** The header line of a recording. */
export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;

const trade = z.object({
  symbol: z.string(),
  id: z.number(),
  price: z.number(),
  size: z.number(),
  side: z.enum(['buy', 'sell']),
  time: z.number(),
  bid: z.number(),
  ask: z.number(),
});
const quote = z.object({ symbol: z.string(), bid: z.number(), ask: z.number(), time: z.number() });
const sourceCandle = z.object({ symbol: z.string(), interval: intervalKey, candle });
const state = z.enum(['live', 'stale', 'closed', 'down']);

/** One recorded sink call; `t` is its receive time (epoch ms). */
export const recordingEventSchema = z.discriminatedUnion('k', [
  z.object({ t: z.number(), k: z.literal('trades'), d: z.array(trade) }),
  z.object({ t: z.number(), k: z.literal('watermark'), d: z.number() }),
  z.object({ t: z.number(), k: z.literal('quotes'), d: z.array(quote) }),
  z.object({ t: z.number(), k: z.literal('candles'), d: z.array(sourceCandle) }),
  z.object({ t: z.number(), k: z.literal('symbolState'), d: z.object({ symbol: z.string(), state }) }),
]);

/** One event line of a recording. */
export type RecordingEvent = z.infer<typeof recordingEventSchema>;
