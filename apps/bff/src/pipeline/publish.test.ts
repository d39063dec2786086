import { channel } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { quoteOf } from '../../../../packages/protocol/test/channel-data';
import { createMemoryBroker } from '../broker/memory';
import { candlesChannel, createPublishStage, quoteChannel, symbolChannels, tradesChannel } from './publish';

describe('publish stage', () => {
  it('names each symbol channel by the contract grammar', () => {
    expect([quoteChannel('AAPL'), tradesChannel('AAPL'), candlesChannel('AAPL', '5m')]).toEqual([
      'quote:AAPL',
      'trades:AAPL',
      'candles:AAPL:5m',
    ]);
    expect(symbolChannels('AAPL')).toEqual([
      'quote:AAPL',
      'trades:AAPL',
      'candles:AAPL:1s',
      'candles:AAPL:1m',
      'candles:AAPL:5m',
      'candles:AAPL:15m',
      'candles:AAPL:1h',
      'candles:AAPL:1d',
    ]);
  });

  it('puts updates on the broker with the next seq and forgets channel snapshots', () => {
    const broker = createMemoryBroker({ epoch: 'e' });
    const publish = createPublishStage(broker);
    const aapl = channel.quote('AAPL');
    publish.send(aapl, quoteOf('AAPL', 1));
    publish.send(aapl, quoteOf('AAPL', 2));
    expect(broker.position(aapl)).toEqual({ epoch: 'e', seq: 2 });
    expect(broker.snapshot(aapl)).toEqual(quoteOf('AAPL', 2));
    publish.forget([aapl]);
    expect(broker.snapshot(aapl)).toBeNull();
  });
});
