import { channel, updateOf, type Channel, type ServerMessage, type UpdateMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../test/ws-client';
import { startTestServer, type TestServer } from '../../test/server';

const updatesOf = (messages: ServerMessage[], name: Channel): UpdateMessage[] => messages.filter(updateOf(name));

describe('resume', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM_TRADES_PER_SEC: '30' });
  });
  afterAll(() => server.close());

  it('recovers every missed update with no gap and no duplicate, against a client that never dropped', async () => {
    const trades = channel.trades('BTC-USDT');
    const channels: Channel[] = [trades, channel.quote('BTC-USDT'), channel.candles('BTC-USDT', '1s')];
    const steady = await connectClient(server.wsUrl);
    steady.send({ op: 'subscribe', id: 1, channels });
    await steady.waitForCount((m) => m.type === 'subscribed', 3);

    const dropper = await connectClient(server.wsUrl);
    dropper.send({ op: 'subscribe', id: 1, channels });
    const subs = await dropper.waitForCount((m) => m.type === 'subscribed', 3);
    await dropper.waitForCount(updateOf(trades), 10);
    await dropper.close();
    const held = new Map(
      channels.map((ch) => {
        const last = updatesOf(dropper.messages, ch).at(-1);
        const sub = subs.find((s) => s.channel === ch);
        return [ch, { epoch: sub?.epoch ?? '', seq: last?.seq ?? sub?.seq ?? 0 }] as const;
      }),
    );
    // The stream moves on while it is away: the steady client sees it pass the held positions.
    for (const ch of channels) {
      const past = (held.get(ch)?.seq ?? 0) + (ch.startsWith('trades') ? 30 : 5);
      await steady.waitFor((m) => m.type === 'update' && m.channel === ch && m.seq >= past);
    }

    const back = await connectClient(server.wsUrl);
    back.send({ op: 'subscribe', id: 2, channels, resume: Object.fromEntries(held) });
    const resumed = await back.waitForCount((m) => m.type === 'subscribed', 3);
    for (const r of resumed) {
      expect(r).toMatchObject({ recovered: true, seq: held.get(r.channel)?.seq });
      expect(r).not.toHaveProperty('snapshot');
    }
    await back.waitForCount(updateOf(trades), 60);
    // The steady client has everything the resumed one has, so the two compare seq for seq.
    for (const ch of channels) {
      const last = updatesOf(back.messages, ch).at(-1)?.seq ?? 0;
      await steady.waitFor((m) => m.type === 'update' && m.channel === ch && m.seq >= last);
    }

    for (const ch of channels) {
      const before = updatesOf(dropper.messages, ch);
      const after = updatesOf(back.messages, ch);
      const joined = [...before, ...after];
      joined.forEach((u, i) => i > 0 && expect(u.seq).toBe((joined[i - 1]?.seq ?? 0) + 1));
      // Same seq, same bytes as the client that never dropped.
      const reference = new Map(updatesOf(steady.messages, ch).map((u) => [u.seq, JSON.stringify(u.data)]));
      const overlap = joined.filter((u) => reference.has(u.seq));
      expect(overlap.length).toBeGreaterThan(ch.startsWith('trades') ? 50 : 5);
      for (const u of overlap) expect(JSON.stringify(u.data)).toBe(reference.get(u.seq));
    }
    await back.close();
    await steady.close();
  });

  it('answers recovered:false with a snapshot for an unknown epoch or a seq from the future', async () => {
    const c = await connectClient(server.wsUrl);
    c.send({
      op: 'subscribe',
      id: 1,
      channels: ['quote:AAPL', 'trades:AAPL'],
      resume: { 'quote:AAPL': { epoch: 'nope', seq: 3 }, 'trades:AAPL': { epoch: 'nope', seq: 1e9 } },
    });
    const subs = await c.waitForCount((m) => m.type === 'subscribed', 2);
    for (const s of subs) {
      expect(s.recovered).toBe(false);
      expect(s.snapshot).toBeDefined();
    }
    const quote = subs.find((s) => s.channel === 'quote:AAPL');
    const first = await c.waitFor(updateOf(channel.quote('AAPL')));
    expect(first.seq).toBe((quote?.seq ?? 0) + 1);
    await c.close();
  });

  it('answers recovered:false with a snapshot when the position fell out of history', async () => {
    const small = await startTestServer({ SIM_TRADES_PER_SEC: '50', HISTORY_MIN_UPDATES: '5', HISTORY_MIN_MS: '0' });
    try {
      const c = await connectClient(small.wsUrl);
      c.send({ op: 'subscribe', id: 1, channels: ['trades:ETH-USDT'] });
      const sub = await c.waitFor((m) => m.type === 'subscribed');
      const watcher = await connectClient(small.wsUrl);
      watcher.send({ op: 'subscribe', id: 1, channels: ['trades:ETH-USDT'] });
      await c.close();
      // Updates pass while it is away (the watcher sees 20 of them); only the last 5 are kept.
      await watcher.waitFor((m) => m.type === 'update' && m.seq > sub.seq + 20);
      await watcher.close();
      const again = await connectClient(small.wsUrl);
      again.send({
        op: 'subscribe',
        id: 2,
        channels: ['trades:ETH-USDT'],
        resume: { 'trades:ETH-USDT': { epoch: sub.epoch, seq: sub.seq } },
      });
      const r = await again.waitFor((m) => m.type === 'subscribed');
      expect(r).toMatchObject({ recovered: false, epoch: sub.epoch });
      expect(r.seq).toBeGreaterThan(sub.seq + 5);
      expect(Array.isArray(r.snapshot)).toBe(true);
      const next = await again.waitFor((m) => m.type === 'update');
      expect(next.seq).toBe(r.seq + 1);
      await again.close();
    } finally {
      await small.close();
    }
  });
});
