import { describe, expect, it } from 'vitest';
import { candleOf, quoteOf, tradeOf } from '../test/channel-data';
import { channel, isUpdateOfKind, kindOf, parseChannel, updateOf, type Rejection } from '.';
import { decodeServerFrame } from './decode';

const frame = (...messages: unknown[]): string => JSON.stringify(messages.length === 1 ? messages[0] : messages);

describe('decodeServerFrame', () => {
  it('keeps the messages of the contract, one object or a batch, and types data by channel kind', () => {
    const q = channel.quote('AAPL');
    const update = { type: 'update', channel: q, seq: 3, data: quoteOf('AAPL', 10) };
    const subscribed = {
      type: 'subscribed',
      id: 1,
      channel: channel.candles('AAPL', '1m'),
      epoch: 'e',
      seq: 2,
      recovered: false,
      snapshot: [candleOf(60, 1)],
    };
    const messages = decodeServerFrame(frame(update, subscribed, { type: 'heartbeat', serverTime: 5 }));
    expect(messages).toEqual([update, subscribed, { type: 'heartbeat', serverTime: 5 }]);
    const [first] = messages.filter(updateOf(q));
    expect(first?.data.price).toBe(10); // a Quote, no cast
    expect(messages.filter((m) => isUpdateOfKind(m, 'quote'))).toHaveLength(1);
  });

  it('keeps the stale and live extension messages, refusing ones that name no channel', () => {
    const stale = { type: 'stale', channels: ['quote:AAPL', 'candles:AAPL:1m'], reason: 'broker_unavailable', serverTime: 7 };
    const live = { type: 'live', channels: ['quote:AAPL'], serverTime: 8 };
    const rejected: Rejection[] = [];
    const messages = decodeServerFrame(
      frame(stale, live, { ...live, channels: ['nope'] }, { ...stale, reason: 'other' }, { ...live, serverTime: 'x' }),
      (r) => rejected.push(r),
    );
    expect(messages).toEqual([stale, live]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'live: channels or serverTime of the wrong type',
      'stale: unknown reason',
      'live: channels or serverTime of the wrong type',
    ]);
  });

  it('refuses data not of its channel kind, bad envelopes and unknown types, and says why', () => {
    const rejected: Rejection[] = [];
    const messages = decodeServerFrame(
      frame(
        { type: 'update', channel: 'quote:AAPL', seq: 4, data: tradeOf(1) },
        { type: 'update', channel: 'quote:aapl', seq: 4, data: quoteOf('AAPL', 1) },
        { type: 'subscribed', channel: 'trades:AAPL', epoch: 'e', seq: 1, recovered: false, snapshot: [quoteOf('AAPL', 1)] },
        { type: 'error', code: 'NOPE', message: 'x' },
        { type: 'surprise' },
        'text',
      ),
      (r) => rejected.push(r),
    );
    expect(messages).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      'data: not a quote update',
      'channel: symbols are upper case: AAPL',
      'snapshot: not a trades snapshot',
      'error: code or message of the wrong type',
      'unknown message type "surprise"',
      'not a JSON object',
    ]);
    expect(rejected[0]).toMatchObject({ channel: 'quote:AAPL', seq: 4 });
  });

  it('throws only on a frame that is not JSON', () => {
    expect(() => decodeServerFrame('{')).toThrow();
  });
});

describe('channel builders', () => {
  it('name every kind as the contract spells it, and the kind travels with the name', () => {
    const names = [
      channel.quote('BRK.B'),
      channel.trades('0700.HK'),
      channel.candles('600000.SH', '1d'),
      channel.markets(),
      channel.alerts(),
    ];
    expect(names).toEqual(['quote:BRK.B', 'trades:0700.HK', 'candles:600000.SH:1d', 'markets', 'alerts']);
    expect(names.map((n) => kindOf(n))).toEqual(['quote', 'trades', 'candles', 'markets', 'alerts']);
    expect(names.map((n) => parseChannel(n).ok)).toEqual([true, true, true, true, true]);
  });
});
