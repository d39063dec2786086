import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { channel as channels, subscribedTo, updateOf } from '@candlewire/protocol';
import { closedCandles as closed } from '../../../test/frames';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientCapture } from '../../../test/record-fixture';
import { startTestServer, type TestServer } from '../../../test/server';
import { connectClient } from '../../../test/ws-client';
import { loadRecording, type ReplayStatus } from '.';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/sim-session.ndjson', import.meta.url));
const capture = JSON.parse(readFileSync(FIXTURE.replace(/\.ndjson$/, '.client.json'), 'utf8')) as ClientCapture;
const { header, end } = loadRecording(FIXTURE);
const start = header.startedAt;

const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
async function server(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer(env);
  running.push(s);
  return s;
}
async function call(
  s: TestServer,
  method: 'GET' | 'POST',
  path: string,
): Promise<{ status: number; body: ReplayStatus & { error?: { code: string } } }> {
  const res = await fetch(`${s.url}${path}`, { method });
  return { status: res.status, body: (await res.json()) as ReplayStatus & { error?: { code: string } } };
}

describe('replay control over REST', () => {
  it('answers 404 on every replay route when the BFF is not replaying', async () => {
    const s = await server({});
    for (const [method, path] of [
      ['GET', '/api/replay'],
      ['POST', '/api/replay/pause'],
      ['POST', '/api/replay/resume'],
      ['POST', `/api/replay/seek?time=${start}`],
    ] as const) {
      const { status, body } = await call(s, method, path);
      expect(status, path).toBe(404);
      expect(body.error?.code).toBe('NOT_FOUND');
    }
  });

  it('reports position, speed and state; pause freezes the clock and resume moves it on', async () => {
    const s = await server({ SOURCE: `replay:${FIXTURE}`, REPLAY_SPEED: '1' });
    const first = await call(s, 'GET', '/api/replay');
    expect(first.body).toMatchObject({ state: 'playing', speed: 1, start, end, file: FIXTURE });
    expect(first.body.position).toBeGreaterThanOrEqual(start);
    const paused = await call(s, 'POST', '/api/replay/pause');
    expect(paused.body.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 600));
    expect((await call(s, 'GET', '/api/replay')).body.position).toBe(paused.body.position);
    expect((await call(s, 'POST', '/api/replay/resume')).body.state).toBe('playing');
    await expect
      .poll(async () => (await call(s, 'GET', '/api/replay')).body.position, { timeout: 5000 })
      .toBeGreaterThan(paused.body.position);
  });

  it('validates seek parameters with 400', async () => {
    const s = await server({ SOURCE: `replay:${FIXTURE}`, REPLAY_PAUSED: 'true' });
    for (const query of ['', '?time=soon', `?time=${start - 1}`, `?time=${end + 1}`, '?time=-5']) {
      const { status, body } = await call(s, 'POST', `/api/replay/seek${query}`);
      expect(status, query).toBe(400);
      expect(body.error?.code).toBe('BAD_REQUEST');
    }
  });

  it('seeks forward by fast-forwarding: clients get every candle up to the target, and pause holds', async () => {
    const s = await server({ SOURCE: `replay:${FIXTURE}`, REPLAY_PAUSED: 'true', REPLAY_SPEED: '1' });
    const c = await connectClient(s.wsUrl);
    const seconds = channels.candles('BTC-USDT', '1s');
    c.send({ op: 'subscribe', id: 1, channels: [seconds] });
    await c.waitFor((m) => m.type === 'subscribed');
    const target = start + 60_000;
    const { status, body } = await call(s, 'POST', `/api/replay/seek?time=${target}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ position: target, state: 'paused' });
    const lastFull = Math.floor(target / 1000) - 2;
    await c.waitFor(updateOf(seconds, (d) => d.closed && d.time >= lastFull));
    const expected = (capture.channels[seconds] ?? []).filter((k) => k.time <= lastFull);
    const got = closed(c, seconds);
    expect(got.filter((k) => k.time >= (expected[0]?.time ?? 0) && k.time <= lastFull)).toEqual(expected);
  });

  it('seeks backwards by restarting the streams: clients are closed with 1012, resubscribe to a new epoch, candles replay exactly', async () => {
    const s = await server({ SOURCE: `replay:${FIXTURE}`, REPLAY_PAUSED: 'true', REPLAY_SPEED: 'max' });
    const channel = channels.candles('AAPL', '1s');
    const before = await connectClient(s.wsUrl);
    before.send({ op: 'subscribe', id: 1, channels: [channel] });
    const first = await before.waitFor((m) => m.type === 'subscribed');
    expect((await call(s, 'POST', `/api/replay/seek?time=${start + 100_000}`)).body.position).toBe(start + 100_000);
    const target = start + 40_000;
    const rewound = await call(s, 'POST', `/api/replay/seek?time=${target}`);
    expect(rewound.body).toMatchObject({ position: target, state: 'paused', rewinds: 1 });
    expect((await before.closed).code).toBe(1012);

    const after = await connectClient(s.wsUrl);
    after.send({ op: 'subscribe', id: 2, channels: [channel], resume: { [channel]: { epoch: first.epoch, seq: first.seq } } });
    const again = await after.waitFor(subscribedTo(channel));
    expect(again.epoch).not.toBe(first.epoch);
    expect(again.recovered).toBe(false);
    const snapshot = again.snapshot ?? [];
    expect(snapshot.at(-1)?.time ?? 0).toBeLessThanOrEqual(Math.floor(target / 1000));

    expect((await call(s, 'POST', '/api/replay/resume')).status).toBe(200);
    const lastExpected = capture.channels[channel]?.at(-1)?.time ?? 0;
    await after.waitFor(
      updateOf(channel, (d) => d.closed && d.time >= lastExpected),
      20_000,
    );
    const from = Math.floor(target / 1000);
    const expected = (capture.channels[channel] ?? []).filter((k) => k.time >= from);
    expect(expected.length).toBeGreaterThan(50);
    expect(closed(after, channel).filter((k) => k.time >= from && k.time <= lastExpected)).toEqual(expected);
  });
});
