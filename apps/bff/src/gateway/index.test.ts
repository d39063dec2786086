import { channel, subscribedTo, updateOf, type Channel, type ErrorMessage, type SubscribedMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../../test/ws-client';
import { startTestServer, type TestServer } from '../../test/server';

/** Asserts a client's updates of `name` have contiguous seq starting right after `from`. */
function expectContiguous(client: TestClient, name: Channel, from: number): number {
  const seqs = client.messages.filter(updateOf(name)).map((m) => m.seq);
  expect(seqs.length).toBeGreaterThan(0);
  seqs.forEach((seq, i) => expect(seq).toBe(from + 1 + i));
  return seqs.at(-1) ?? from;
}

describe('gateway', () => {
  let server: TestServer;
  let bystander: TestClient;
  let bystanderFrom = 0;

  beforeAll(async () => {
    server = await startTestServer({
      SIM_TRADES_PER_SEC: '20',
      MAX_SUBSCRIPTIONS: '5',
      HEARTBEAT_MS: '400',
      MAX_MESSAGES_PER_SECOND: '20',
    });
    // NOTE: a client that only listens: every bad input below must leave it untouched.
    bystander = await connectClient(server.wsUrl);
    bystander.send({ op: 'subscribe', id: 1, channels: [channel.trades('AAPL')] });
    bystanderFrom = (await bystander.waitFor((m) => m.type === 'subscribed')).seq;
  });
  afterAll(async () => {
    await bystander.close();
    await server.close();
  });

  it('says welcome with protocol, session, heartbeat and limits', async () => {
    const c = await connectClient(server.wsUrl);
    const welcome = c.messages[0];
    if (welcome?.type !== 'welcome') throw new Error('the first message is not welcome');
    expect(welcome).toMatchObject({
      type: 'welcome',
      protocol: 1,
      heartbeatMs: 400,
      limits: { maxSubscriptions: 5, maxMessageBytes: 65536, maxMessagesPerSecond: 20 },
    });
    expect(typeof welcome.sessionId).toBe('string');
    expect(Math.abs(welcome.serverTime - Date.now())).toBeLessThan(5000);
    await c.close();
  });

  it('subscribes with a snapshot per channel kind, then streams contiguous seq', async () => {
    const c = await connectClient(server.wsUrl);
    const [aapl, msft, btc] = [channel.quote('AAPL'), channel.trades('MSFT'), channel.candles('BTC-USDT', '1m')];
    const names = [aapl, msft, btc, channel.markets(), channel.alerts()];
    c.send({ op: 'subscribe', id: 7, channels: names });
    const subs = await c.waitForCount((m) => m.type === 'subscribed', 5);
    expect(subs.map((s) => s.channel)).toEqual(names);
    for (const s of subs) expect(s).toMatchObject({ id: 7, recovered: false });
    const quoteSub = subs.find(subscribedTo(aapl));
    expect(quoteSub?.snapshot).toMatchObject({ symbol: 'AAPL', state: 'live' });
    const tradesSub = subs.find(subscribedTo(msft));
    expect(Array.isArray(tradesSub?.snapshot)).toBe(true);
    const candles = subs.find(subscribedTo(btc))?.snapshot ?? [];
    expect(candles.length).toBeGreaterThan(100);
    expect(candles.length).toBeLessThanOrEqual(500);
    expect(candles.slice(0, -1).every((k) => k.closed)).toBe(true);
    expect(candles.every((k, i) => i === 0 || k.time - (candles[i - 1]?.time ?? 0) === 60)).toBe(true);
    await c.waitForCount(updateOf(aapl), 3);
    await c.waitForCount(updateOf(msft), 3);
    expectContiguous(c, aapl, quoteSub?.seq ?? -1);
    expectContiguous(c, msft, tradesSub?.seq ?? -1);
    const quote = await c.waitFor(updateOf(aapl));
    expect(quote.data.bid).toBeLessThanOrEqual(quote.data.price);
    expect(quote.data.ask).toBeGreaterThanOrEqual(quote.data.price);
    await c.close();
  });

  it('answers a repeated subscribe with a fresh snapshot, unsubscribe stops updates, ping gets pong', async () => {
    const c = await connectClient(server.wsUrl);
    const nvda = channel.quote('NVDA');
    c.send({ op: 'subscribe', id: 1, channels: [nvda] });
    await c.waitFor((m) => m.type === 'subscribed');
    c.send({ op: 'subscribe', id: 2, channels: [nvda] });
    const again = await c.waitFor((m): m is SubscribedMessage => m.type === 'subscribed' && m.id === 2);
    expect(again.snapshot).toMatchObject({ symbol: 'NVDA' });
    c.send({ op: 'unsubscribe', id: 3, channels: [nvda, nvda] });
    expect(await c.waitFor((m) => m.type === 'unsubscribed')).toEqual({ type: 'unsubscribed', id: 3, channel: nvda });
    const count = c.messages.length;
    c.send({ op: 'ping', id: 4 });
    const pong = await c.waitFor((m) => m.type === 'pong');
    expect(pong).toMatchObject({ type: 'pong', id: 4 });
    await new Promise((r) => setTimeout(r, 400));
    expect(c.messages.slice(count).filter(updateOf(nvda))).toEqual([]);
    await c.close();
  });

  it('sends heartbeats to an idle connection', async () => {
    const c = await connectClient(server.wsUrl);
    const beat = await c.waitFor((m) => m.type === 'heartbeat', 5000);
    expect(beat).toMatchObject({ type: 'heartbeat', serverTime: expect.any(Number) as number });
    await c.close();
  });

  it.each([
    ['not JSON', '{"op":', 'BAD_MESSAGE'],
    ['an array frame', '[{"op":"ping","id":1}]', 'BAD_MESSAGE'],
    ['a string', '"ping"', 'BAD_MESSAGE'],
    ['op of the wrong type', '{"op":5,"id":1}', 'BAD_MESSAGE'],
    ['channels of the wrong type', '{"op":"subscribe","id":1,"channels":"quote:AAPL"}', 'BAD_MESSAGE'],
    ['id of the wrong type', '{"op":"ping","id":"one"}', 'BAD_MESSAGE'],
    [
      'resume of the wrong type',
      '{"op":"subscribe","id":1,"channels":["quote:AAPL"],"resume":{"quote:AAPL":{"epoch":1,"seq":"x"}}}',
      'BAD_MESSAGE',
    ],
    ['an unknown op', '{"op":"publish","id":1}', 'UNKNOWN_OP'],
  ])('answers %s with %s and keeps the connection', async (_name, frame, code) => {
    const c = await connectClient(server.wsUrl);
    c.sendRaw(frame);
    const error = await c.waitFor<ErrorMessage>((m) => m.type === 'error');
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
    c.send({ op: 'ping', id: 99 });
    await c.waitFor((m) => m.type === 'pong');
    await c.close();
  });

  it.each([
    ['quote:aapl', 'INVALID_CHANNEL', /upper case/],
    ['candles:AAPL:2m', 'INVALID_CHANNEL', /interval/],
    ['orders:AAPL', 'INVALID_CHANNEL', /kind/],
    ['quote:', 'INVALID_CHANNEL', /symbol/],
    ['quote:AAPL:1m', 'INVALID_CHANNEL', /quote/],
    ['markets:US', 'INVALID_CHANNEL', /no parameters/],
    ['quote:ZZZZ', 'UNKNOWN_SYMBOL', /ZZZZ/],
  ])('refuses channel %s with %s, other channels of the request still subscribe', async (channel, code, reason) => {
    const c = await connectClient(server.wsUrl);
    c.send({ op: 'subscribe', id: 5, channels: [channel, 'quote:MSFT'] });
    const error = await c.waitFor<ErrorMessage>((m) => m.type === 'error');
    expect(error).toMatchObject({ id: 5, code, channel });
    expect(error.message).toMatch(reason);
    await c.waitFor((m) => m.type === 'subscribed' && m.channel === 'quote:MSFT');
    await c.close();
  });

  it('enforces the subscription limit per connection', async () => {
    const c = await connectClient(server.wsUrl);
    const channels = ['quote:AAPL', 'quote:MSFT', 'quote:NVDA', 'quote:TSLA', 'quote:AMZN', 'quote:META'];
    c.send({ op: 'subscribe', id: 1, channels });
    const error = await c.waitFor<ErrorMessage>((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'SUBSCRIPTION_LIMIT', channel: 'quote:META' });
    expect(c.messages.filter((m) => m.type === 'subscribed')).toHaveLength(5);
    await c.close();
  });

  it('rate-limits a burst of 1,000 subscribes, then closes the flood with 1008', async () => {
    const c = await connectClient(server.wsUrl);
    for (let i = 0; i < 1000; i++) c.send({ op: 'subscribe', id: i, channels: ['quote:AAPL'] });
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    const limited = c.messages.filter((m) => m.type === 'error' && m.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    // Each refusal names the request it dropped, so a client knows what to re-send.
    const subscribedIds = new Set(c.messages.flatMap((m) => (m.type === 'subscribed' ? [m.id] : [])));
    for (const m of limited) expect(m.type === 'error' && m.id !== undefined && !subscribedIds.has(m.id)).toBe(true);
    expect(c.messages.filter((m) => m.type === 'subscribed').length).toBeLessThanOrEqual(20);
  });

  it('closes a connection that sends a frame over 64 KiB with 1009', async () => {
    const c = await connectClient(server.wsUrl);
    c.sendRaw(JSON.stringify({ op: 'ping', id: 1, pad: 'x'.repeat(65_536) }));
    expect((await c.closed).code).toBe(1009);
  });

  it('kept the bystander streaming without a gap through all of the above', async () => {
    const trades = channel.trades('AAPL');
    const before = bystander.messages.filter(updateOf(trades)).length;
    await bystander.waitForCount(updateOf(trades), before + 5);
    expectContiguous(bystander, trades, bystanderFrom);
    expect(bystander.messages.filter((m) => m.type === 'error')).toEqual([]);
  });
});
