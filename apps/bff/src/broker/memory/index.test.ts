import { channel } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { alertOf, candleOf, quoteOf, tradeOf } from '../../../../../packages/protocol/test/channel-data';
import { createMemoryBroker } from '.';

describe('memory broker', () => {
  it('numbers updates per channel and serializes each once', () => {
    const broker = createMemoryBroker({ epoch: 'e1' });
    const seen: string[] = [];
    const aapl = channel.quote('AAPL');
    broker.listen(aapl, (u) => seen.push(u.frame));
    broker.publish(aapl, quoteOf('AAPL', 1));
    broker.publish(channel.quote('MSFT'), quoteOf('MSFT', 2));
    broker.publish(aapl, quoteOf('AAPL', 3));
    expect(seen).toEqual([
      JSON.stringify({ type: 'update', channel: 'quote:AAPL', seq: 1, data: quoteOf('AAPL', 1) }),
      JSON.stringify({ type: 'update', channel: 'quote:AAPL', seq: 2, data: quoteOf('AAPL', 3) }),
    ]);
    expect(broker.position(aapl)).toEqual({ epoch: 'e1', seq: 2 });
    expect(broker.snapshot(aapl)).toEqual(quoteOf('AAPL', 3));
  });

  it('keeps at least N updates or T ms of history, whichever is more', () => {
    let now = 0;
    const broker = createMemoryBroker({ epoch: 'e', historyMinUpdates: 10, historyMinMs: 1000, now: () => now });
    const x = channel.trades('X');
    broker.listen(x, () => undefined);
    for (let i = 0; i < 100; i++) {
      now += 5; // 100 updates within 500 ms: all kept (time rule)
      broker.publish(x, tradeOf(i));
    }
    expect(broker.since(x, { epoch: 'e', seq: 0 })?.length).toBe(100);
    now += 2000;
    broker.publish(x, tradeOf(100));
    // now only the count rule holds: the last 10 are kept
    expect(broker.since(x, { epoch: 'e', seq: 0 })).toBeNull();
    expect(broker.since(x, { epoch: 'e', seq: 91 })?.map((u) => u.seq)).toEqual([92, 93, 94, 95, 96, 97, 98, 99, 100, 101]);
    expect(broker.since(x, { epoch: 'e', seq: 101 })).toEqual([]);
    expect(broker.since(x, { epoch: 'other', seq: 95 })).toBeNull();
    expect(broker.since(x, { epoch: 'e', seq: 500 })).toBeNull();
  });

  it('keeps history only while someone listens, and for the retention window after', () => {
    let now = 0;
    const broker = createMemoryBroker({ epoch: 'e', historyMinUpdates: 5, historyMinMs: 1000, now: () => now });
    const x = channel.quote('X');
    broker.publish(x, quoteOf('X', 1));
    broker.publish(x, quoteOf('X', 2));
    expect(broker.since(x, { epoch: 'e', seq: 1 })).toBeNull(); // never listened: no history
    expect(broker.since(x, { epoch: 'e', seq: 2 })).toEqual([]); // but seq counts
    const detach = broker.listen(x, () => undefined);
    broker.publish(x, quoteOf('X', 3));
    detach();
    now = 900;
    broker.publish(x, quoteOf('X', 4)); // within the window after the last listener left: kept
    expect(broker.since(x, { epoch: 'e', seq: 2 })?.map((u) => u.seq)).toEqual([3, 4]);
    now = 2000;
    broker.publish(x, quoteOf('X', 5)); // window over: history dropped
    expect(broker.since(x, { epoch: 'e', seq: 2 })).toBeNull();
    expect(broker.position(x)).toEqual({ epoch: 'e', seq: 5 });
  });

  it('keeps snapshots per kind: 50 trades, 500 candles keyed by time, 20 alerts', async () => {
    const candles = channel.candles('X', '1m');
    const seeded = [candleOf(1, 1), candleOf(2, 1), candleOf(3, 1)];
    const broker = createMemoryBroker({ seeder: (ch) => Promise.resolve(ch === candles ? { channel: candles, items: seeded } : null) });
    const trades = channel.trades('X');
    for (let i = 0; i < 80; i++) broker.publish(trades, tradeOf(i));
    expect(broker.snapshot(trades).map((t) => t.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 30));
    broker.publish(candles, candleOf(3, 1, false));
    broker.publish(candles, candleOf(3, 2, true));
    broker.publish(candles, candleOf(4, 3, false));
    await broker.prepare(candles);
    expect(broker.snapshot(candles)).toEqual([candleOf(1, 1), candleOf(2, 1), candleOf(3, 2, true), candleOf(4, 3, false)]);
    for (let i = 0; i < 30; i++) broker.publish(channel.alerts(), alertOf(i));
    expect(broker.snapshot(channel.alerts()).length).toBe(20);
    expect(broker.snapshot(channel.quote('NONE'))).toBeNull();
  });
});
