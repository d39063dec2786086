import { describe, expect, it } from 'vitest';
import { createMemoryBroker } from '.';

describe('memory broker', () => {
  it('numbers updates per channel and serializes each once', () => {
    const broker = createMemoryBroker({ epoch: 'e1' });
    const seen: string[] = [];
    broker.listen('quote:AAPL', (u) => seen.push(u.frame));
    broker.publish('quote:AAPL', { price: 1 });
    broker.publish('quote:MSFT', { price: 2 });
    broker.publish('quote:AAPL', { price: 3 });
    expect(seen).toEqual([
      '{"type":"update","channel":"quote:AAPL","seq":1,"data":{"price":1}}',
      '{"type":"update","channel":"quote:AAPL","seq":2,"data":{"price":3}}',
    ]);
    expect(broker.position('quote:AAPL')).toEqual({ epoch: 'e1', seq: 2 });
    expect(broker.snapshot('quote:AAPL')).toEqual({ price: 3 });
  });

  it('keeps at least N updates or T ms of history, whichever is more', () => {
    let now = 0;
    const broker = createMemoryBroker({ epoch: 'e', historyMinUpdates: 10, historyMinMs: 1000, now: () => now });
    broker.listen('trades:X', () => undefined);
    for (let i = 0; i < 100; i++) {
      now += 5; // 100 updates within 500 ms: all kept (time rule)
      broker.publish('trades:X', i);
    }
    expect(broker.since('trades:X', { epoch: 'e', seq: 0 })?.length).toBe(100);
    now += 2000;
    broker.publish('trades:X', 100);
    // now only the count rule holds: the last 10 are kept
    expect(broker.since('trades:X', { epoch: 'e', seq: 0 })).toBeNull();
    expect(broker.since('trades:X', { epoch: 'e', seq: 91 })?.map((u) => u.seq)).toEqual([92, 93, 94, 95, 96, 97, 98, 99, 100, 101]);
    expect(broker.since('trades:X', { epoch: 'e', seq: 101 })).toEqual([]);
    expect(broker.since('trades:X', { epoch: 'other', seq: 95 })).toBeNull();
    expect(broker.since('trades:X', { epoch: 'e', seq: 500 })).toBeNull();
  });

  it('keeps history only while someone listens, and for the retention window after', () => {
    let now = 0;
    const broker = createMemoryBroker({ epoch: 'e', historyMinUpdates: 5, historyMinMs: 1000, now: () => now });
    broker.publish('quote:X', 1);
    broker.publish('quote:X', 2);
    expect(broker.since('quote:X', { epoch: 'e', seq: 1 })).toBeNull(); // never listened: no history
    expect(broker.since('quote:X', { epoch: 'e', seq: 2 })).toEqual([]); // but seq counts
    const detach = broker.listen('quote:X', () => undefined);
    broker.publish('quote:X', 3);
    detach();
    now = 900;
    broker.publish('quote:X', 4); // within the window after the last listener left: kept
    expect(broker.since('quote:X', { epoch: 'e', seq: 2 })?.map((u) => u.seq)).toEqual([3, 4]);
    now = 2000;
    broker.publish('quote:X', 5); // window over: history dropped
    expect(broker.since('quote:X', { epoch: 'e', seq: 2 })).toBeNull();
    expect(broker.position('quote:X')).toEqual({ epoch: 'e', seq: 5 });
  });

  it('keeps snapshots per kind: 50 trades, 500 candles keyed by time, 20 alerts', async () => {
    const broker = createMemoryBroker({ seeder: (ch) => Promise.resolve(ch.startsWith('candles') ? [{ time: 1 }, { time: 2 }, { time: 3 }] : null) });
    for (let i = 0; i < 80; i++) broker.publish('trades:X', { id: i });
    expect((broker.snapshot('trades:X') as { id: number }[]).map((t) => t.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 30));
    broker.publish('candles:X:1m', { time: 3, close: 1, closed: false });
    broker.publish('candles:X:1m', { time: 3, close: 2, closed: true });
    broker.publish('candles:X:1m', { time: 4, close: 3, closed: false });
    await broker.prepare('candles:X:1m');
    expect(broker.snapshot('candles:X:1m')).toEqual([{ time: 1 }, { time: 2 }, { time: 3, close: 2, closed: true }, { time: 4, close: 3, closed: false }]);
    for (let i = 0; i < 30; i++) broker.publish('alerts', { id: i });
    expect((broker.snapshot('alerts') as unknown[]).length).toBe(20);
    expect(broker.snapshot('quote:NONE')).toBeNull();
  });
});
