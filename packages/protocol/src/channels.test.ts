import { describe, expect, it } from 'vitest';
import { formatChannel, parseChannel } from './channels';

describe('channels', () => {
  it.each(['quote:AAPL', 'trades:BRK.B', 'candles:600000.SH:1m', 'candles:0700.HK:1d', 'quote:BTC-USDT', 'markets', 'alerts'])(
    'round-trips %s',
    (name) => {
      const parsed = parseChannel(name);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(formatChannel(parsed.channel)).toBe(name);
    },
  );

  it.each([
    ['quote:aapl', /upper case: AAPL/],
    ['quote:', /missing symbol/],
    ['quote', /expected quote/],
    ['candles:AAPL', /expected candles/],
    ['candles:AAPL:2h', /unknown interval/],
    ['book:AAPL', /unknown channel kind/],
    ['alerts:AAPL', /no parameters/],
    [`quote:${'A'.repeat(33)}`, /does not match/],
    ['quote:-AAPL', /does not match/],
    ['quote:AA PL', /does not match/],
  ])('refuses %s', (name, reason) => {
    const parsed = parseChannel(name);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
