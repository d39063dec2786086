import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, sanitizeSettings } from './chart-settings';

describe('chart settings from storage', () => {
  it('keeps known indicators in menu order, a known scale, and up to 3 valid compare symbols', () => {
    expect(
      sanitizeSettings({
        indicators: ['rsi', 'nope', 'sma', 'rsi'],
        scale: 'log',
        compare: ['MSFT', 'bad symbol', 'MSFT', 'NVDA', 'BTC-USDT', 'TSLA'],
      }),
    ).toEqual({
      indicators: ['sma', 'rsi'],
      scale: 'log',
      compare: ['MSFT', 'NVDA', 'BTC-USDT'],
    });
  });

  it('falls back to the defaults for anything else', () => {
    expect(sanitizeSettings(null)).toBe(DEFAULT_SETTINGS);
    expect(sanitizeSettings({ indicators: 'sma', scale: 'cubic', compare: 7 })).toEqual({ indicators: [], scale: 'normal', compare: [] });
  });
});
