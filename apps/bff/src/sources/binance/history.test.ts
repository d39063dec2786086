import { toUnits, volumeDecimals, findInstrument } from '@candlewire/market';
import { afterEach, describe, expect, it } from 'vitest';
import { createBinanceSource } from './binance-source';
import { defaultKlines, startFakeBinance, type FakeBinance } from '../../../test/fakes/fake-binance';
import { BinanceRestError } from './rest';

let fake: FakeBinance;
afterEach(async () => {
  await fake.close();
});

const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

describe('binance source: history from REST klines', () => {
  it('pages through klines (≤ 1000 per call) and returns integer-unit candle states', async () => {
    fake = await startFakeBinance();
    const source = createBinanceSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl });
    const untilMs = T0 + 2500 * 60_000 + 30_000; // mid-bucket: the forming bucket has trades
    const states = await source.history('ETH-USDT', '1m', T0 / 1000, untilMs);
    expect(states).toHaveLength(2501);
    expect(fake.klineRequests.map((q) => Number(q.get('startTime')))).toEqual([T0, T0 + 1000 * 60_000, T0 + 2000 * 60_000]);
    expect(fake.klineRequests.every((q) => q.get('limit') === '1000' && q.get('symbol') === 'ETHUSDT' && q.get('interval') === '1m')).toBe(
      true,
    );
    const rows = fake.klinesFor('ETH-USDT', '1m', T0, untilMs, 3000);
    const decimals = volumeDecimals(findInstrument('ETH-USDT') ?? { lot: 1 });
    expect(states).toEqual(
      rows.map((r) => ({
        time: r[0] / 1000,
        open: Number(r[1]),
        high: Number(r[2]),
        low: Number(r[3]),
        close: Number(r[4]),
        units: toUnits(Number(r[5]), decimals),
      })),
    );
    expect(states.every((s) => Number.isInteger(s.units))).toBe(true);
    expect(new Set(states.map((s) => s.time)).size).toBe(states.length);
    source.stop();
  });

  it('leaves out a forming bucket without trades and buckets at or after untilMs', async () => {
    const quietFrom = T0 + 10 * 3_600_000;
    fake = await startFakeBinance({
      klines: (symbol, interval, start, end, limit) =>
        defaultKlines(symbol, interval, start, end, limit).map((r) =>
          r[0] >= quietFrom ? [r[0], r[4], r[4], r[4], r[4], '0', r[6], '0', 0, '0', '0', '0'] : r,
        ),
    });
    const source = createBinanceSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl });
    const forming = await source.history('BTC-USDT', '1h', T0 / 1000, quietFrom + 1_800_000);
    expect(forming.map((s) => s.time * 1000)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * 3_600_000));
    const closedEmpty = await source.history('BTC-USDT', '1h', T0 / 1000, quietFrom + 3_600_000);
    expect(closedEmpty).toHaveLength(11);
    expect(closedEmpty.at(-1)?.units).toBe(0);
    const atBoundary = await source.history('BTC-USDT', '1d', T0 / 1000, T0 + 86_400_000);
    expect(atBoundary.map((s) => s.time * 1000)).toEqual([T0]);
  });

  it('fails clearly on a malformed klines body and an unknown symbol', async () => {
    fake = await startFakeBinance({
      klines: (_s, _i, start) => [[start, 'abc', '1', '1', '1', '1', start + 59_999, '0', 1, '0', '0', '0']],
    });
    const source = createBinanceSource({ wsUrl: fake.wsUrl, restUrl: fake.restUrl });
    await expect(source.history('BTC-USDT', '1m', T0 / 1000, T0 + 60_000)).rejects.toBeInstanceOf(BinanceRestError);
    await expect(source.history('AAPL', '1m', T0 / 1000, T0 + 60_000)).rejects.toThrow(/unknown symbol/);
  });
});
