import { INSTRUMENTS } from '@candlewire/market';
import { describe, expect, it } from 'vitest';
import { createFakeSource } from '../../../test/fakes/fake-source';
import type { SourceSink, SourceTrade } from '../types';
import { createRouteTable } from './routes';
import { createRouterSource } from './router-source';

const market = (m: string) => INSTRUMENTS.filter((i) => i.market === m);
const trade = (symbol: string, time: number): SourceTrade => ({ symbol, id: time, price: 1, size: 1, side: 'buy', time, bid: 1, ask: 1 });

/** A sink that records what reaches it. */
function recordingSink() {
  const seen = { trades: [] as string[], watermarks: [] as number[], states: [] as string[] };
  const sink: SourceSink = {
    trades: (batch) => seen.trades.push(...batch.map((t) => t.symbol)),
    watermark: (ms) => seen.watermarks.push(ms),
    quotes: () => undefined,
    candles: () => undefined,
    symbolState: (symbol, state) => seen.states.push(`${symbol}:${state}`),
  };
  return { sink, seen };
}

describe('router source', () => {
  const everything = createFakeSource({ id: 'sim', instruments: INSTRUMENTS, onDemand: false });
  const crypto = createFakeSource({ id: 'binance', instruments: market('CRYPTO') });
  const stocks = createFakeSource({ id: 'yahoo', instruments: [...market('US'), ...market('HK'), ...market('CN')] });

  it('serves the union, symbol routes over market routes over source order', () => {
    const router = createRouterSource({
      sources: [everything, crypto, stocks],
      routes: createRouteTable({ CRYPTO: 'binance', HK: 'yahoo', AAPL: 'yahoo' }),
    });
    expect(
      router
        .instruments()
        .map((i) => i.symbol)
        .sort(),
    ).toEqual(INSTRUMENTS.map((i) => i.symbol).sort());
    expect(router.ownerOf('BTC-USDT')?.id).toBe('binance');
    expect(router.ownerOf('0700.HK')?.id).toBe('yahoo');
    expect(router.ownerOf('AAPL')?.id).toBe('yahoo');
    expect(router.ownerOf('MSFT')?.id).toBe('sim');
    expect(router.ownerOf('600000.SH')?.id).toBe('sim');
    expect(router.isOnDemand('BTC-USDT')).toBe(true);
    expect(router.isOnDemand('MSFT')).toBe(false);
    expect(router.id).toBe('sim+binance+yahoo');
  });

  it('refuses routes to a source that is not running or does not serve the symbol', () => {
    expect(() => createRouterSource({ sources: [everything], routes: createRouteTable({ CRYPTO: 'binance' }) })).toThrow(
      /ROUTES CRYPTO=binance: no source binance is running \(running: sim\)/,
    );
    expect(() => createRouterSource({ sources: [everything, crypto], routes: createRouteTable({ AAPL: 'binance' }) })).toThrow(
      /ROUTES AAPL=binance: source binance does not serve AAPL/,
    );
  });

  it('sends subscribe/unsubscribe to the owner only, once per symbol, and counts them', () => {
    const a = createFakeSource({ id: 'a', instruments: market('CRYPTO') });
    const b = createFakeSource({ id: 'b', instruments: market('US') });
    const router = createRouterSource({ sources: [everything, a, b], routes: createRouteTable({ CRYPTO: 'a', US: 'b' }) });
    router.subscribe(['BTC-USDT', 'AAPL', 'ETH-USDT', '0700.HK', 'NOPE']);
    router.subscribe(['BTC-USDT']);
    expect(a.calls).toEqual([{ op: 'subscribe', symbols: ['BTC-USDT', 'ETH-USDT'] }]);
    expect(b.calls).toEqual([{ op: 'subscribe', symbols: ['AAPL'] }]);
    expect(router.subscribedCount('a')).toBe(2);
    router.unsubscribe(['BTC-USDT', 'AAPL', 'AAPL']);
    expect(a.calls.at(-1)).toEqual({ op: 'unsubscribe', symbols: ['BTC-USDT'] });
    expect(b.calls.at(-1)).toEqual({ op: 'unsubscribe', symbols: ['AAPL'] });
    expect(router.subscribedCount('a')).toBe(1);
    expect(router.subscribedCount('b')).toBe(0);
  });

  it('delivers only what each source owns, passes unknown symbols on, and holds a plain watermark at the slowest source', () => {
    const a = createFakeSource({ id: 'a', instruments: market('CRYPTO') });
    const sim = createFakeSource({ id: 'sim', instruments: INSTRUMENTS, onDemand: false });
    const router = createRouterSource({ sources: [sim, a], routes: createRouteTable({ CRYPTO: 'a' }) });
    const { sink, seen } = recordingSink();
    router.start(sink, 0);
    sim.sink().trades([trade('AAPL', 1), trade('BTC-USDT', 1), trade('ZZZ', 1)]);
    a.sink().trades([trade('BTC-USDT', 2)]);
    sim.sink().symbolState('BTC-USDT', 'stale');
    a.sink().symbolState('BTC-USDT', 'stale');
    expect(seen.trades).toEqual(['AAPL', 'ZZZ', 'BTC-USDT']);
    expect(seen.states).toEqual(['BTC-USDT:stale']);
    sim.sink().watermark(1000);
    expect(seen.watermarks).toEqual([]);
    a.sink().watermark(400);
    sim.sink().watermark(2000);
    a.sink().watermark(900);
    expect(seen.watermarks).toEqual([400, 400, 900]);
  });

  it('reports the worst health, the latest message and summed stats', () => {
    const a = createFakeSource({ id: 'a', instruments: market('CRYPTO') });
    const b = createFakeSource({ id: 'b', instruments: market('US') });
    const router = createRouterSource({ sources: [a, b] });
    // An on-demand source with nothing subscribed (not connected) does not count.
    a.setHealth('down');
    expect(router.health().state).toBe('live');
    router.subscribe(['BTC-USDT', 'AAPL']);
    a.setHealth('live');
    b.setHealth('closed');
    expect(router.health().state).toBe('closed');
    a.setHealth('stale');
    expect(router.health().state).toBe('stale');
    b.setHealth('down');
    expect(router.health().state).toBe('down');
    a.counters.rejectedFrames = 3;
    b.counters.rejectedFrames = 4;
    b.counters.frames = 10;
    expect(router.stats()).toEqual({ rejectedFrames: 7, connects: 0, frames: 10 });
  });
});
