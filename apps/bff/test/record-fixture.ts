/**
 * Records the replay fixture: a real BFF on the simulation (a few symbols) with `RECORD_FILE`,
 * plus what a real client received on the candles channels, for the replay tests to compare.
 *
 *   npx tsx apps/bff/src/sources/recording/record-fixture.ts [--out FILE] [--seconds N] [--symbols A,B]
 */
import { writeFileSync } from 'node:fs';
import { findInstrument, type Instrument } from '@candlewire/market';
import { channel, updateOf, type CandleUpdate } from '@candlewire/protocol';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';
import { connectClient } from './ws-client';
import { createSimSource } from '../src/sources/sim';

/** Intervals whose candles the fixture's client captures. */
export const FIXTURE_INTERVALS = ['1s', '1m', '5m'] as const;

/** What the recording client received: closed candles per channel. */
export interface ClientCapture {
  recordingFile: string;
  subscribedAt: number;
  channels: Record<string, CandleUpdate[]>;
}

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

async function main(): Promise<void> {
  const out = arg('--out', 'apps/bff/fixtures/sim-session.ndjson');
  const seconds = Number(arg('--seconds', '150'));
  const symbols = arg('--symbols', 'BTC-USDT,ETH-USDT,AAPL,0700.HK,600000.SH').split(',');
  const instruments = symbols.map((s) => findInstrument(s)).filter((i): i is Instrument => i !== undefined);
  const config = loadConfig([], { PORT: '0', LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', RECORD_FILE: out, SIM_TICK_MS: '100' });
  // NOTE: a 100 ms tick keeps the fixture small (one watermark line per tick).
  const source = createSimSource({ seed: 'fixture', sessions: 'always', emptyBuckets: config.EMPTY_BUCKETS, tickMs: 100, instruments });
  const server = await startServer(config, { source });
  await server.ready;
  const client = await connectClient(`${server.url.replace('http', 'ws')}/ws`);
  const channels = instruments.flatMap((i) => FIXTURE_INTERVALS.map((interval) => channel.candles(i.symbol, interval)));
  client.send({ op: 'subscribe', id: 1, channels });
  await client.waitForCount((m) => m.type === 'subscribed', channels.length);
  const subscribedAt = Date.now();
  process.stdout.write(`recording ${instruments.length} symbols for ${seconds} s to ${out}\n`);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await client.close();
  await server.close();
  const capture: ClientCapture = { recordingFile: out, subscribedAt, channels: {} };
  for (const name of channels) {
    capture.channels[name] = client.messages
      .filter(updateOf(name))
      .map((m) => m.data)
      .filter((c) => c.closed);
  }
  writeFileSync(out.replace(/\.ndjson$/, '.client.json'), `${JSON.stringify(capture)}\n`);
  process.stdout.write('done\n');
}

void main();
