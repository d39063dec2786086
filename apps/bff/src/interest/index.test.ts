import { channel } from '@candlewire/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryBroker } from '../broker/memory';
import type { Broker } from '../broker/types';
import { createInterest, type Interest } from './index';

describe('interest reference counts', () => {
  let broker: Broker;
  let interest: Interest;
  let events: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    broker = createMemoryBroker();
    events = [];
    interest = createInterest({
      broker,
      graceMs: 30_000,
      onFirst: (s) => events.push(`first ${s}`),
      onLast: (s) => events.push(`last ${s}`),
    });
  });
  afterEach(() => {
    interest.stop();
    vi.useRealTimers();
  });

  it('calls onFirst once per symbol across its quote, trades and candles channels', () => {
    const detach = [
      broker.listen(channel.quote('AAPL'), () => undefined),
      broker.listen(channel.trades('AAPL'), () => undefined),
      broker.listen(channel.candles('AAPL', '1m'), () => undefined),
    ];
    broker.listen(channel.quote('AAPL'), () => undefined);
    broker.listen(channel.markets(), () => undefined);
    expect(events).toEqual(['first AAPL']);
    expect(interest.held().get('AAPL')?.sort()).toEqual(['candles:AAPL:1m', 'quote:AAPL', 'trades:AAPL']);
    for (const d of detach) d();
  });

  it('calls onLast exactly graceMs after the last holder leaves, not before', () => {
    const off = broker.listen(channel.candles('BTC-USDT', '1s'), () => undefined);
    off();
    vi.advanceTimersByTime(29_999);
    expect(events).toEqual(['first BTC-USDT']);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['first BTC-USDT', 'last BTC-USDT']);
    broker.listen(channel.quote('BTC-USDT'), () => undefined);
    expect(events).toEqual(['first BTC-USDT', 'last BTC-USDT', 'first BTC-USDT']);
  });

  it('cancels the release when interest returns within the grace period', () => {
    const off = broker.listen(channel.quote('ETH-USDT'), () => undefined);
    off();
    vi.advanceTimersByTime(20_000);
    const again = broker.listen(channel.trades('ETH-USDT'), () => undefined);
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['first ETH-USDT']);
    again();
    vi.advanceTimersByTime(30_000);
    expect(events).toEqual(['first ETH-USDT', 'last ETH-USDT']);
  });

  it('holds a symbol for retain() owners until each releases (release is idempotent)', () => {
    const a = interest.retain('TSLA', 'detector');
    const b = interest.retain('TSLA', 'job');
    const off = broker.listen(channel.quote('TSLA'), () => undefined);
    off();
    a();
    a();
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['first TSLA']);
    b();
    vi.advanceTimersByTime(30_000);
    expect(events).toEqual(['first TSLA', 'last TSLA']);
    expect(interest.held().size).toBe(0);
  });
});
