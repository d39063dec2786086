import { SYMBOL_PATTERN } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { CALENDARS } from './calendars';
import {
  findInstrument,
  hkTickForPrice,
  INSTRUMENTS,
  isMarketId,
  roundToTick,
  searchInstruments,
  tickDecimals,
  volumeDecimals,
} from './instruments';

describe('INSTRUMENTS', () => {
  it('lists at least 44 unique, well-formed instruments', () => {
    expect(INSTRUMENTS.length).toBeGreaterThanOrEqual(44);
    expect(new Set(INSTRUMENTS.map((i) => i.symbol)).size).toBe(INSTRUMENTS.length);
    for (const instrument of INSTRUMENTS) {
      expect(instrument.symbol).toMatch(SYMBOL_PATTERN);
      expect(instrument.timezone).toBe(CALENDARS[instrument.market].timezone);
      expect(instrument.tickSize).toBeGreaterThan(0);
      expect(instrument.lot).toBeGreaterThan(0);
    }
    const count = (market: string): number => INSTRUMENTS.filter((i) => i.market === market).length;
    expect([count('US'), count('CN'), count('HK'), count('CRYPTO')]).toEqual([16, 10, 8, 10]);
  });

  it('carries the reference data of known symbols', () => {
    expect(findInstrument('600000.SH')).toMatchObject({
      name: 'Shanghai Pudong Development Bank',
      market: 'CN',
      currency: 'CNY',
      tickSize: 0.01,
      lot: 100,
      timezone: 'Asia/Shanghai',
    });
    expect(findInstrument('BTC-USDT')).toMatchObject({ market: 'CRYPTO', currency: 'USDT', tickSize: 0.01, lot: 0.00001, timezone: 'UTC' });
    expect(findInstrument('BRK.B')).toMatchObject({ market: 'US', currency: 'USD', lot: 1, timezone: 'America/New_York' });
    expect(findInstrument('0700.HK')).toMatchObject({ market: 'HK', currency: 'HKD', timezone: 'Asia/Hong_Kong' });
    expect(findInstrument('ZZZZ')).toBeUndefined();
    expect(findInstrument('aapl')).toBeUndefined();
  });
});

describe('searchInstruments', () => {
  it('ranks the exact symbol, then symbol prefixes, then name matches', () => {
    const symbols = searchInstruments('a').map((i) => i.symbol);
    expect(symbols.slice(0, 5)).toEqual(['AAPL', 'AMZN', 'AMD', 'AVGO', 'ADA-USDT']);
    expect(symbols).toContain('MSFT'); // "Microsoft Corporation" contains "a"
    expect(searchInstruments('V').map((i) => i.symbol)[0]).toBe('V');
    expect(searchInstruments('moutai').map((i) => i.symbol)).toEqual(['600519.SH']);
  });

  it('is case-insensitive and filters by market', () => {
    expect(searchInstruments('btc').map((i) => i.symbol)).toEqual(['BTC-USDT']);
    expect(searchInstruments('ping an', 'CN').map((i) => i.symbol)).toEqual(['601318.SH', '000001.SZ']);
    expect(searchInstruments('ping an', 'HK')).toEqual([]);
    expect(searchInstruments('', 'HK')).toHaveLength(8);
    expect(isMarketId('HK')).toBe(true);
    expect(isMarketId('hk')).toBe(false);
  });
});

describe('decimals and ticks', () => {
  it('counts lot and tick decimals', () => {
    expect(volumeDecimals({ lot: 0.0001 })).toBe(4);
    expect(volumeDecimals({ lot: 0.00001 })).toBe(5);
    expect(volumeDecimals({ lot: 100 })).toBe(0);
    expect(volumeDecimals({ lot: 1 })).toBe(0);
    expect(tickDecimals(0.01)).toBe(2);
    expect(tickDecimals(0.05)).toBe(2);
    expect(tickDecimals(0.5)).toBe(1);
    expect(tickDecimals(0.00001)).toBe(5);
  });

  it('rounds to the nearest tick as a clean float', () => {
    expect(roundToTick(0.01 * 23456, 0.01)).toBe(234.56);
    expect(roundToTick(234.5649, 0.01)).toBe(234.56);
    expect(roundToTick(23.47, 0.05)).toBe(23.45);
    expect(roundToTick(23.48, 0.05)).toBe(23.5);
    expect(roundToTick(612.3, 0.5)).toBe(612.5);
    expect(roundToTick(0.123456, 0.00001)).toBe(0.12346);
    expect(roundToTick(-0.001, 0.01)).toBe(0);
    expect(Object.is(roundToTick(-0.001, 0.01), 0)).toBe(true);
    for (let i = 0; i < 2000; i += 1) {
      const price = Math.random() * 1000;
      const rounded = roundToTick(price, 0.01);
      expect(String(rounded)).toMatch(/^\d+(\.\d{1,2})?$/);
      expect(Math.abs(rounded - price)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('follows the HKEX spread table', () => {
    expect(hkTickForPrice(0.2)).toBe(0.001);
    expect(hkTickForPrice(9.99)).toBe(0.01);
    expect(hkTickForPrice(45)).toBe(0.05);
    expect(hkTickForPrice(150)).toBe(0.1);
    expect(hkTickForPrice(400)).toBe(0.2);
    expect(hkTickForPrice(600)).toBe(0.5);
    for (const instrument of INSTRUMENTS.filter((i) => i.market === 'HK')) {
      expect([0.05, 0.1, 0.2, 0.5]).toContain(instrument.tickSize);
    }
  });
});
