import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCandleAggregator, toCandle, volumeDecimals, type CandleEvent } from '@candlewire/market';
import { channel as names, updateOf, type ServerMessage } from '@candlewire/protocol';
import { candlesChannel, closedCandles } from '../../../test/frames';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientCapture } from '../../../test/record-fixture';
import { startTestServer, type TestServer } from '../../../test/server';
import { connectClient, type TestClient } from '../../../test/ws-client';
import { loadRecording, type ReplayStatus } from '.';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/sim-session.ndjson', import.meta.url));
const capture = JSON.parse(readFileSync(FIXTURE.replace(/\.ndjson$/, '.client.json'), 'utf8')) as ClientCapture;
const recording = loadRecording(FIXTURE);
const channels = Object.keys(capture.channels);

async function replayStatus(server: TestServer): Promise<ReplayStatus> {
  return (await (await fetch(`${server.url}/api/replay`)).json()) as ReplayStatus;
}
async function post(server: TestServer, path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST' });
}
async function untilEnded(server: TestServer, pollMs = 20): Promise<number> {
  for (;;) {
    const status = await replayStatus(server);
    if (status.state === 'ended') return Date.now();
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Starts a paused replay of the fixture, subscribes a client to `subscribe`, plays it to the end. */
async function playFixture(speed: string, subscribe: string[]): Promise<{ server: TestServer; client: TestClient; wallMs: number }> {
  const server = await startTestServer({ SOURCE: `replay:${FIXTURE}`, REPLAY_SPEED: speed, REPLAY_PAUSED: 'true' });
  const client = await connectClient(server.wsUrl);
  client.send({ op: 'subscribe', id: 1, channels: subscribe });
  await client.waitForCount((m) => m.type === 'subscribed', subscribe.length);
  const startedAt = Date.now();
  expect((await post(server, '/api/replay/resume')).status).toBe(200);
  const endedAt = await untilEnded(server);
  // NOTE: the last watermark closes the last full 1 s bucket: wait until the client has it.
  const lastSecond = Math.floor(recording.end / 1000) - 1;
  const seconds = candlesChannel(subscribe.find((c) => c.startsWith('candles:') && c.endsWith(':1s')) ?? 'none');
  await client.waitFor(updateOf(seconds, (d) => d.closed && d.time >= lastSecond));
  return { server, client, wallMs: endedAt - startedAt };
}

const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('replay of the shipped fixture', () => {
  it('is a small recording of the simulation with BTC-USDT and AAPL, minutes long', () => {
    expect(readFileSync(FIXTURE).length).toBeLessThan(1024 * 1024);
    expect(recording.header.source).toBe('sim');
    expect(recording.header.instruments.map((i) => i.symbol)).toEqual(expect.arrayContaining(['BTC-USDT', 'AAPL']));
    expect(recording.end - recording.header.startedAt).toBeGreaterThan(120_000);
  });

  it('at --speed max reproduces the candles the recorded session sent its client, exactly', async () => {
    const { server, client } = await playFixture('max', channels);
    running.push(server);
    expect(channels.filter((c) => !c.endsWith(':5m')).every((c) => (capture.channels[c]?.length ?? 0) > 0)).toBe(true);
    for (const channel of channels) {
      const expected = capture.channels[channel] ?? [];
      const first = expected[0]?.time ?? 0;
      const last = expected.at(-1)?.time ?? 0;
      const replayed = closedCandles(client, channel).filter((c) => c.time >= first && c.time <= last);
      expect(replayed, channel).toEqual(expected);
    }
  });

  it('at --speed max equals candles aggregated from the recorded trades with the market aggregator', async () => {
    const symbols = ['BTC-USDT', 'AAPL', '0700.HK'];
    const subscribe = symbols.flatMap((s) => [names.candles(s, '1s'), names.candles(s, '1m')]);
    const { server, client } = await playFixture('max', subscribe);
    running.push(server);
    for (const symbol of symbols) {
      const instrument = recording.header.instruments.find((i) => i.symbol === symbol);
      if (instrument === undefined) throw new Error(symbol);
      for (const interval of ['1s', '1m'] as const) {
        const agg = createCandleAggregator({
          interval,
          timezone: instrument.timezone,
          volumeDecimals: volumeDecimals(instrument),
          emptyBuckets: 'flat',
        });
        const base = recording.header.baseline[symbol]?.[interval];
        agg.seed(base?.forming ?? null, base?.forming?.close ?? base?.previous?.close ?? null);
        const events: CandleEvent[] = [];
        for (const e of recording.events) {
          if (e.k === 'trades') for (const t of e.d) if (t.symbol === symbol) events.push(...agg.add(t));
          if (e.k === 'watermark') events.push(...agg.advance(e.d));
        }
        const expected = events.filter((e) => e.closed).map((e) => ({ ...toCandle(e.candle, volumeDecimals(instrument)), closed: true }));
        expect(expected.length).toBeGreaterThan(interval === '1s' ? 100 : 1);
        expect(closedCandles(client, names.candles(symbol, interval)), `${symbol} ${interval}`).toEqual(expected);
      }
    }
  });

  it('is deterministic: the same file gives the same seqs and data on every channel', async () => {
    const subscribe = ['trades:BTC-USDT', 'quote:BTC-USDT', 'quote:AAPL', 'candles:AAPL:1s', 'candles:BTC-USDT:1m'];
    const runs: ServerMessage[][] = [];
    for (let i = 0; i < 2; i++) {
      const { server, client } = await playFixture('max', subscribe);
      await client.close();
      await server.close();
      runs.push(client.messages.filter((m) => m.type === 'update'));
    }
    expect(runs[0]?.length).toBeGreaterThan(1000);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('at --speed 10 takes a tenth of the recorded span (within 10 %)', async () => {
    const { server, wallMs } = await playFixture('10', ['candles:BTC-USDT:1s']);
    running.push(server);
    const expectedMs = (recording.end - recording.header.startedAt) / 10;
    expect(Math.abs(wallMs - expectedMs)).toBeLessThanOrEqual(expectedMs * 0.1);
  }, 60_000);
});
