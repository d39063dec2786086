import { describe, expect, it } from 'vitest';
import { createMemoryBroker } from '../broker/memory';
import { candlesChannel, createPublishStage, quoteChannel, symbolChannels, tradesChannel } from './publish';

describe('publish stage', () => {
  it('names each symbol channel by the contract grammar', () => {
    expect([quoteChannel('AAPL'), tradesChannel('AAPL'), candlesChannel('AAPL', '5m')]).toEqual(['quote:AAPL', 'trades:AAPL', 'candles:AAPL:5m']);
    expect(symbolChannels('AAPL')).toEqual(['quote:AAPL', 'trades:AAPL', 'candles:AAPL:1s', 'candles:AAPL:1m', 'candles:AAPL:5m', 'candles:AAPL:15m', 'candles:AAPL:1h', 'candles:AAPL:1d']);
  });

  it('puts updates on the broker with the next seq and forgets channel snapshots', () => {
    const broker = createMemoryBroker({ epoch: 'e' });
    const publish = createPublishStage(broker);
    publish.send('quote:AAPL', { price: 1 });
    publish.send('quote:AAPL', { price: 2 });
    expect(broker.position('quote:AAPL')).toEqual({ epoch: 'e', seq: 2 });
    expect(broker.snapshot('quote:AAPL')).toEqual({ price: 2 });
    publish.forget(['quote:AAPL']);
    expect(broker.snapshot('quote:AAPL')).toBeNull();
  });
});
