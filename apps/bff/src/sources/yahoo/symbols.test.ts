import { INSTRUMENTS } from '@candlewire/market';
import { describe, expect, it } from 'vitest';
import { createSymbolMap } from './symbols';

describe('Yahoo symbol map', () => {
  const map = createSymbolMap(INSTRUMENTS);

  it('maps Shanghai .SH to .SS, keeps Shenzhen and Hong Kong, dashes US share classes', () => {
    expect(map.toYahoo('600000.SH')).toBe('600000.SS');
    expect(map.toYahoo('000001.SZ')).toBe('000001.SZ');
    expect(map.toYahoo('0700.HK')).toBe('0700.HK');
    expect(map.toYahoo('AAPL')).toBe('AAPL');
    expect(map.toYahoo('BRK.B')).toBe('BRK-B');
    expect(map.fromYahoo('600000.SS')).toBe('600000.SH');
    expect(map.fromYahoo('brk-b')).toBe('BRK.B');
  });

  it('round-trips every US, CN and HK instrument and leaves crypto out', () => {
    const served = INSTRUMENTS.filter((i) => i.market !== 'CRYPTO');
    for (const i of served) expect(map.fromYahoo(map.toYahoo(i.symbol) ?? '')).toBe(i.symbol);
    const yahooIds = served.map((i) => map.toYahoo(i.symbol));
    expect(new Set(yahooIds).size).toBe(served.length);
    for (const i of INSTRUMENTS.filter((x) => x.market === 'CRYPTO')) expect(map.toYahoo(i.symbol)).toBeUndefined();
    expect(map.fromYahoo('600000.SH')).toBeUndefined();
  });
});
