import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { channel, decodeServerFrame, type UpdateMessage } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startFanoutHarness, type FanoutHarness } from '../../test/fanout-harness';
import { tradeOf } from '../../../../packages/protocol/test/channel-data';
import { until, useFakeClock } from '../../test/until';
import type { Connection } from './connection';
import { windowFor } from './load-gauge';

interface Peer {
  ws: WebSocket;
  /** Every text frame received, as text. */
  frames: string[];
  server: Connection;
}

/** Opens a real ws client to the harness and pairs it with its server-side connection. */
async function open(h: FanoutHarness): Promise<Peer> {
  const index = h.connections.length;
  const ws = new WebSocket(h.url, { perMessageDeflate: false });
  const frames: string[] = [];
  ws.on('message', (data) => frames.push((data as Buffer).toString('utf8')));
  await new Promise((resolve) => ws.once('open', resolve));
  await until(() => h.connections.length > index, 'server side of the connection');
  const server = h.connections[index];
  if (server === undefined) throw new Error('no server connection');
  return { ws, frames, server };
}

/** Every message a peer received, batches unpacked, in order. */
const messages = (p: Peer): UpdateMessage[] => p.frames.flatMap((f) => decodeServerFrame(f)).filter((m) => m.type === 'update');
const AAPL = channel.trades('AAPL');

describe('fan-out', () => {
  let h: FanoutHarness;
  beforeEach(async () => {
    useFakeClock(Date.UTC(2026, 0, 5, 15));
    h = await startFanoutHarness({ flushMs: 20 });
  });
  afterEach(async () => {
    await h.close();
    vi.useRealTimers();
  });

  it('sends every message at once, one frame each, while the loop is idle', async () => {
    const p = await open(h);
    h.fanout.add(p.server, AAPL);
    for (let i = 0; i < 5; i++) {
      h.broker.publish(AAPL, tradeOf(i));
      // No fake time passes: a message waits for the end of its burst only.
      await until(() => p.frames.length === i + 1, `frame ${i + 1}`);
    }
    expect(messages(p).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(p.frames.every((f) => f.startsWith('{'))).toBe(true);
  });

  it('batches a busy connection: the first message goes at once, the rest wait for the window in one frame', async () => {
    h.setLoad(1);
    expect(h.fanout.window()).toBe(20);
    const p = await open(h);
    h.fanout.add(p.server, AAPL);
    vi.advanceTimersByTime(25); // not written within the window
    h.broker.publish(AAPL, tradeOf(1));
    await until(() => p.frames.length === 1, 'the first message');
    h.broker.publish(AAPL, tradeOf(2));
    h.broker.publish(AAPL, tradeOf(3));
    vi.advanceTimersByTime(5);
    h.broker.publish(AAPL, tradeOf(4));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.frames).toHaveLength(1);
    vi.advanceTimersByTime(15);
    await until(() => p.frames.length === 2, 'the batch');
    expect(JSON.parse(p.frames[1] ?? '')).toEqual(
      [2, 3, 4].map((n) => ({ type: 'update', channel: 'trades:AAPL', seq: n, data: tradeOf(n) })),
    );
  });

  it('grows the window with the load, from 0 when idle to FLUSH_MS when busy', () => {
    expect([0, 0.4, 0.6, 0.8, 1].map((load) => Math.round(windowFor(load, 20) * 1000) / 1000)).toEqual([0, 0, 10, 20, 20]);
  });

  it('keeps each connection’s order and seq across random channel sets, sizes of every frame-length class', async () => {
    h.setLoad(1);
    const channels = ['AAPL', 'MSFT', 'NVDA', 'TSLA'].map((symbol) => channel.trades(symbol));
    const peers: Peer[] = [];
    for (let i = 0; i < 5; i++) peers.push(await open(h));
    const sets = [[0, 1], [1, 2, 3], [0, 3], [2], [0, 1, 2, 3]];
    peers.forEach((p, i) =>
      (sets[i] ?? []).forEach((k) => {
        const name = channels[k];
        if (name !== undefined) h.fanout.add(p.server, name);
      }),
    );
    // NOTE: payloads under 126 bytes, under 64 KiB and over it take the three header forms.
    const sizes = [1, 100, 130, 5000, 70_000];
    const published: Record<string, unknown[]> = {};
    for (let round = 0; round < 12; round++) {
      for (const [k, name] of channels.entries()) {
        const data = { ...tradeOf(round), pad: 'é'.repeat(sizes[(round + k) % sizes.length] ?? 1) };
        (published[name] ??= []).push(data);
        h.broker.publish(name, data);
      }
      vi.advanceTimersByTime(7);
      await new Promise((resolve) => setImmediate(resolve));
    }
    vi.advanceTimersByTime(40);
    const expected = (i: number) => (sets[i] ?? []).reduce((n, k) => n + (published[channels[k] ?? '']?.length ?? 0), 0);
    await until(() => peers.every((p, i) => messages(p).length === expected(i)), 'every message');
    peers.forEach((p, i) => {
      for (const k of sets[i] ?? []) {
        const name = channels[k] ?? '';
        const got = messages(p).filter((m) => m.channel === name);
        expect(got.map((m) => m.seq)).toEqual(got.map((_, j) => j + 1));
        expect(got.map((m) => m.data)).toEqual(published[name]);
      }
      // Batched while busy: fewer frames than messages.
      expect(p.frames.length).toBeLessThan(messages(p).length);
    });
  });

  it('closes the connections owing most once all of them together owe more than the total cap', async () => {
    await h.close();
    h = await startFanoutHarness({ flushMs: 0, maxTotalBufferedBytes: 4 * 1024 * 1024 });
    const reader = await open(h);
    // NOTE: raw clients that finish the handshake and never read again (frozen tabs).
    const freeze = async () => {
      const index = h.connections.length;
      const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
      socket.write(
        `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      await new Promise((resolve) => socket.once('data', resolve));
      socket.pause();
      await until(() => h.connections.length > index, 'frozen connection');
      return { socket, server: h.connections[index] };
    };
    const frozen = [await freeze(), await freeze()];
    for (const c of [reader.server, ...frozen.map((f) => f.server)]) if (c !== undefined) h.fanout.add(c, AAPL);
    const pad = 'x'.repeat(60_000);
    for (let i = 0; i < 400 && h.slow.length === 0; i++) {
      const data = { ...tradeOf(i), pad };
      h.broker.publish(AAPL, data);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(h.slow.length).toBeGreaterThan(0);
    expect(h.slow).not.toContain(reader.server);
    const slow = new Set(h.slow);
    expect(frozen.some((f) => f.server !== undefined && slow.has(f.server))).toBe(true);
    for (const f of frozen) f.socket.destroy();
    await until(() => messages(reader).length > 0, 'the reader kept receiving');
  });
});
