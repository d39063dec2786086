import { describe, expect, it } from 'vitest';
import { createSimSource, type SimSource } from './sim-source';

const MINUTE = 60_000;
const minuteOf = (ms: number): number => Math.floor(ms / MINUTE);

function tradeCount(source: SimSource, symbol: string, fromMs: number, toMs: number): number {
  let n = 0;
  for (let m = minuteOf(fromMs); m < minuteOf(toMs); m += 1) n += source.minuteSummary(symbol, m)?.n ?? 0;
  return n;
}

describe('sessions', () => {
  const real = createSimSource({ seed: 'sessions', sessions: 'real', emptyBuckets: 'flat' });
  const always = createSimSource({ seed: 'sessions', sessions: 'always', emptyBuckets: 'flat' });
  // Saturday 2025-11-22 and Thursday 2025-11-20.
  const saturday = Date.UTC(2025, 10, 22);
  const thursday = Date.UTC(2025, 10, 20);

  it('real: no AAPL trades on a Saturday, but BTC-USDT trades', () => {
    // Saturday in New York: 05:00 UTC Saturday to 05:00 UTC Sunday (EST).
    const nySaturday = saturday + 5 * 3_600_000;
    expect(tradeCount(real, 'AAPL', nySaturday, nySaturday + 86_400_000)).toBe(0);
    expect(tradeCount(real, 'AAPL', thursday + 14.5 * 3_600_000, thursday + 15 * 3_600_000)).toBeGreaterThan(1000);
    expect(tradeCount(real, 'BTC-USDT', saturday, saturday + 86_400_000)).toBeGreaterThan(100_000);
    expect(real.isTrading('AAPL', saturday + 15 * 3_600_000)).toBe(false);
    expect(real.isTrading('BTC-USDT', saturday + 15 * 3_600_000)).toBe(true);
  });

  it('real: no 600000.SH trades in the Shanghai lunch break, trades in the morning session', () => {
    // 11:30–13:00 Asia/Shanghai = 03:30–05:00 UTC.
    expect(tradeCount(real, '600000.SH', thursday + 3.5 * 3_600_000, thursday + 5 * 3_600_000)).toBe(0);
    expect(tradeCount(real, '600000.SH', thursday + 1.5 * 3_600_000, thursday + 3.5 * 3_600_000)).toBeGreaterThan(1000);
    expect(real.isTrading('600000.SH', thursday + 4 * 3_600_000)).toBe(false);
    expect(real.isTrading('600000.SH', thursday + 2 * 3_600_000)).toBe(true);
    // Nights are closed too (20:00 Shanghai = 12:00 UTC).
    expect(tradeCount(real, '600000.SH', thursday + 12 * 3_600_000, thursday + 20 * 3_600_000)).toBe(0);
  });

  it('always: every market trades at every hour, busier in its regular session (U-shape)', () => {
    expect(tradeCount(always, 'AAPL', saturday, saturday + 86_400_000)).toBeGreaterThan(100_000);
    expect(always.isTrading('AAPL', saturday)).toBe(true);
    expect(always.alwaysTrading('AAPL')).toBe(true);
    expect(real.alwaysTrading('AAPL')).toBe(false);
    expect(real.alwaysTrading('BTC-USDT')).toBe(true);
    // Thursday, New York: open (09:30–10:00 = 14:30–15:00 UTC), midday (12:30–13:00), night (02:00–02:30).
    const open = tradeCount(always, 'AAPL', thursday + 14.5 * 3_600_000, thursday + 15 * 3_600_000);
    const midday = tradeCount(always, 'AAPL', thursday + 17.5 * 3_600_000, thursday + 18 * 3_600_000);
    const night = tradeCount(always, 'AAPL', thursday + 7 * 3_600_000, thursday + 7.5 * 3_600_000);
    expect(open).toBeGreaterThan(midday * 1.8);
    expect(midday).toBeGreaterThan(night * 0.9);
    expect(night).toBeGreaterThan(0);
  });
});

describe('activity and price realism', () => {
  it('tradesPerSec: 20 gives a mean within 10 % of 20 per second', () => {
    const source = createSimSource({ seed: 'rate', sessions: 'always', emptyBuckets: 'flat', tradesPerSec: 20 });
    const hour = Date.UTC(2025, 10, 20, 10);
    const perSecHour = tradeCount(source, 'BTC-USDT', hour, hour + 3_600_000) / 3600;
    expect(Math.abs(perSecHour - 20) / 20).toBeLessThan(0.1);
    const perSecDay = tradeCount(source, 'ETH-USDT', hour, hour + 86_400_000) / 86_400;
    expect(Math.abs(perSecDay - 20) / 20).toBeLessThan(0.05);
  });

  it('has jumps (±1.5–5 % within ~2 minutes) and volume bursts (4–10× minutes)', () => {
    const source = createSimSource({ seed: 'events', sessions: 'always', emptyBuckets: 'flat' });
    const start = minuteOf(Date.UTC(2025, 10, 10));
    const days = 6;
    let jumps = 0;
    let bursts = 0;
    for (const symbol of ['AAPL', 'BTC-USDT', 'SOL-USDT']) {
      const closes: number[] = [];
      const counts: number[] = [];
      for (let m = start; m < start + days * 1440; m += 1) {
        const s = source.minuteSummary(symbol, m);
        closes.push(s?.close ?? closes[closes.length - 1] ?? 0);
        counts.push(s?.n ?? 0);
      }
      // A jump: |log return| over 3 minutes ≥ 1.2 %, counted once per 10 minutes.
      for (let i = 3; i < closes.length; i += 1) {
        if (Math.abs(Math.log((closes[i] ?? 1) / (closes[i - 3] ?? 1))) >= 0.012) {
          jumps += 1;
          i += 10;
        }
      }
      // A burst: a minute ≥ 3.5× the median count of its surrounding hour.
      for (let i = 30; i < counts.length - 30; i += 1) {
        const around = counts.slice(i - 30, i + 30).sort((a, b) => a - b);
        if ((counts[i] ?? 0) >= 3.5 * (around[30] ?? Infinity)) bursts += 1;
      }
    }
    expect(jumps).toBeGreaterThanOrEqual(3);
    expect(jumps).toBeLessThan(3 * days * 3);
    expect(bursts).toBeGreaterThanOrEqual(10);
  });

  it('daily volatility is in the profile’s range', () => {
    const source = createSimSource({ seed: 'vol', sessions: 'always', emptyBuckets: 'flat' });
    const day0 = minuteOf(Date.UTC(2025, 0, 1));
    const returns: number[] = [];
    for (let d = 0; d < 200; d += 1) {
      const a = source.minuteSummary('BTC-USDT', day0 + d * 1440)?.close ?? 0;
      const b = source.minuteSummary('BTC-USDT', day0 + (d + 1) * 1440)?.close ?? 0;
      returns.push(Math.log(b / a));
    }
    const rms = Math.sqrt(returns.reduce((sum, r) => sum + r * r, 0) / returns.length);
    // Profile: 2.5 % a day of diffusion, plus jumps.
    expect(rms).toBeGreaterThan(0.018);
    expect(rms).toBeLessThan(0.045);
  });
});
