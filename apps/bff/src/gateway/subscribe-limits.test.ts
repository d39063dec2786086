import { channel, type ServerMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../test/ws-client';
import { startTestServer, type TestServer } from '../../test/server';

describe('subscribe limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_SUBSCRIPTIONS: '4' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers SUBSCRIPTION_LIMIT before building any snapshot of a request over the limit', async () => {
    const c = await connectClient(server.wsUrl);
    // NOTE: cold daily candles: the slowest snapshots there are (their history is built on first use).
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'META', 'BTC-USDT'];
    c.send({ op: 'subscribe', id: 9, channels: [...symbols.map((s) => channel.candles(s, '1d')), channel.quote('ZZZZ')] });
    await c.waitForCount((m) => m.type === 'subscribed', 4, 30_000);
    const replies = c.messages.filter(
      (m): m is Exclude<ServerMessage, { type: 'welcome' }> => m.type === 'subscribed' || m.type === 'error',
    );
    const kinds = replies.map((m) => (m.type === 'error' ? m.code : m.type));
    expect(kinds).toEqual([
      'SUBSCRIPTION_LIMIT',
      'SUBSCRIPTION_LIMIT',
      'SUBSCRIPTION_LIMIT',
      'UNKNOWN_SYMBOL',
      'subscribed',
      'subscribed',
      'subscribed',
      'subscribed',
    ]);
    expect(replies.map((m) => ('channel' in m ? m.channel : ''))).toEqual([
      'candles:AMZN:1d',
      'candles:META:1d',
      'candles:BTC-USDT:1d',
      'quote:ZZZZ',
      'candles:AAPL:1d',
      'candles:MSFT:1d',
      'candles:NVDA:1d',
      'candles:TSLA:1d',
    ]);
    await c.close();
  });
});
