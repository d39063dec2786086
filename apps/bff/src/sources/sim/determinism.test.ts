import { describe, expect, it } from 'vitest';
import { createSimSource } from './sim-source';
import { tradesBetween } from '../../../test/sim-test-utils';

const T = Date.UTC(2025, 10, 19, 9, 30, 12, 500);
const SYMBOLS = ['AAPL', 'BTC-USDT', '600519.SH', '0700.HK'];

describe('determinism', () => {
  it('same seed ⇒ identical trades and candles from independent sources', async () => {
    const a = createSimSource({ seed: 42, sessions: 'always', emptyBuckets: 'flat' });
    const b = createSimSource({ seed: '42', sessions: 'always', emptyBuckets: 'flat' });
    for (const symbol of SYMBOLS) {
      expect(tradesBetween(b, symbol, T - 3_600_000, T)).toEqual(tradesBetween(a, symbol, T - 3_600_000, T));
      for (const interval of ['1s', '1m', '1h', '1d'] as const) {
        const from = Math.floor(T / 1000) - (interval === '1s' ? 120 : interval === '1d' ? 5 * 86_400 : 20_000);
        expect(await b.history(symbol, interval, from, T)).toEqual(await a.history(symbol, interval, from, T));
      }
    }
  });

  it('does not depend on the order of queries (a restart changes nothing in the past)', () => {
    const a = createSimSource({ seed: 'order', sessions: 'always', emptyBuckets: 'flat' });
    const b = createSimSource({ seed: 'order', sessions: 'always', emptyBuckets: 'flat' });
    const base = Math.floor(T / 60_000);
    const forward = Array.from({ length: 400 }, (_, i) => a.minuteSummary('NVDA', base + i));
    // b jumps around: far future, far past, then backwards.
    b.minuteSummary('NVDA', base + 5_000_000);
    b.minuteSummary('NVDA', base - 5_000_000);
    const backward = Array.from({ length: 400 }, (_, i) => b.minuteSummary('NVDA', base + 399 - i)).reverse();
    expect(backward).toEqual(forward);
    expect(b.minuteTrades('NVDA', base + 17)).toEqual(a.minuteTrades('NVDA', base + 17));
  });

  it('different seed ⇒ different trades and prices', () => {
    const a = createSimSource({ seed: 1, sessions: 'always', emptyBuckets: 'flat' });
    const b = createSimSource({ seed: 2, sessions: 'always', emptyBuckets: 'flat' });
    const m = Math.floor(T / 60_000);
    for (const symbol of SYMBOLS) {
      expect(b.minuteTrades(symbol, m)).not.toEqual(a.minuteTrades(symbol, m));
      expect(b.minuteSummary(symbol, m)?.close).not.toBe(a.minuteSummary(symbol, m)?.close);
    }
  });

  it('keeps prices near their late-2025 reference levels', () => {
    const source = createSimSource({ seed: 'candlewire', sessions: 'always', emptyBuckets: 'flat' });
    const m = Math.floor(T / 60_000);
    const refs: Record<string, number> = { AAPL: 230, NVDA: 180, 'BTC-USDT': 95_000, '600519.SH': 1450, '0700.HK': 600 };
    for (const [symbol, ref] of Object.entries(refs)) {
      const close = source.minuteSummary(symbol, m)?.close ?? 0;
      expect(close / ref).toBeGreaterThan(0.7);
      expect(close / ref).toBeLessThan(1.4);
    }
  });
});
