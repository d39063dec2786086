import { calendarFor, statusAt } from '@candlewire/market';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SourceState } from '../types';
import { createSymbolHealth } from './symbol-health';

/** Tuesday 2026-11-17 09:29 New York: a minute before the regular open, pre-market running. */
const PRE = Date.UTC(2026, 10, 17, 14, 29);
/** Saturday. */
const SAT = Date.UTC(2026, 10, 21, 15, 0);

afterEach(() => vi.useRealTimers());

function track(now: number) {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'], now });
  const log: [string, SourceState][] = [];
  const us = calendarFor('US');
  const cn = calendarFor('CN');
  const health = createSymbolHealth({
    windowMs: 10_000,
    isTrading: (s, ms) => statusAt(s.endsWith('.SH') ? cn : us, ms) !== 'closed',
    onState: (s, state) => log.push([s, state]),
  });
  return { health, log };
}

describe('session-aware symbol health', () => {
  it('is down without a connection, then live/stale in session and closed out of it', () => {
    const { health, log } = track(PRE);
    health.watch('AAPL');
    health.watch('600000.SH');
    expect(log).toEqual([
      ['AAPL', 'down'],
      ['600000.SH', 'down'],
    ]);
    health.setConnected(true);
    expect(health.state('AAPL')).toBe('live');
    expect(health.state('600000.SH')).toBe('closed');
    vi.advanceTimersByTime(10_000);
    expect(health.state('AAPL')).toBe('stale');
    health.heard('AAPL');
    expect(health.state('AAPL')).toBe('live');
    health.setConnected(false);
    expect(health.state('AAPL')).toBe('down');
    health.stop();
  });

  it('restarts the stale window at the open: a quiet weekend is closed, never stale', () => {
    const { health, log } = track(SAT);
    health.watch('AAPL');
    health.setConnected(true);
    vi.advanceTimersByTime(42 * 3_600_000 - 1000); // Monday 03:59:59 New York
    expect(log.map(([, s]) => s)).toEqual(['down', 'closed']);
    vi.advanceTimersByTime(1000); // 04:00: pre-market opens
    expect(log.map(([, s]) => s)).toEqual(['down', 'closed', 'live']);
    vi.advanceTimersByTime(9_000);
    expect(health.state('AAPL')).toBe('live');
    vi.advanceTimersByTime(2_000);
    expect(health.state('AAPL')).toBe('stale');
    health.unwatch('AAPL');
    expect(health.state('AAPL')).toBeUndefined();
    health.stop();
  });

  it('liveOn message: per-connection symbols report nothing until known, go live on data and stay down until it flows again', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'], now: SAT });
    const log: [string, SourceState][] = [];
    const health = createSymbolHealth({
      windowMs: 10_000,
      isTrading: () => true,
      liveOn: 'message',
      onState: (s, state) => log.push([s, state]),
    });
    health.watch('BTC-USDT');
    health.watch('ETH-USDT');
    health.setConnected(true, ['BTC-USDT']);
    expect(log).toEqual([]);
    health.heard('BTC-USDT');
    expect(log).toEqual([['BTC-USDT', 'live']]);
    vi.advanceTimersByTime(12_500);
    expect(log).toEqual([
      ['BTC-USDT', 'live'],
      ['BTC-USDT', 'stale'],
    ]);
    health.setConnected(false, ['BTC-USDT', 'ETH-USDT']);
    health.setConnected(true, ['BTC-USDT']);
    vi.advanceTimersByTime(5_000);
    expect(health.state('BTC-USDT')).toBe('down');
    expect(health.state('ETH-USDT')).toBe('down');
    health.heard('BTC-USDT');
    expect(log.slice(2)).toEqual([
      ['BTC-USDT', 'down'],
      ['ETH-USDT', 'down'],
      ['BTC-USDT', 'live'],
    ]);
    health.stop();
  });
});
