import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/server';
import { alpacaCredentials, isAlpacaEnabled } from './credentials';
import { parseAlpacaFrame, parseAlpacaTime } from './messages';

describe('Alpaca stream messages', () => {
  it('parses RFC-3339 timestamps with nanoseconds to epoch ms', () => {
    expect(parseAlpacaTime('2021-02-22T15:51:44.208123456Z')).toBe(Date.UTC(2021, 1, 22, 15, 51, 44, 208));
    expect(parseAlpacaTime('2021-02-22T19:15:00Z')).toBe(Date.UTC(2021, 1, 22, 19, 15));
    expect(parseAlpacaTime('2021-02-22T10:15:00.5-05:00')).toBe(Date.UTC(2021, 1, 22, 15, 15, 0, 500));
    expect(parseAlpacaTime('yesterday')).toBeNaN();
  });

  it('validates each item on its own: good ones kept, bad ones counted, unknown types ignored', () => {
    const frame = parseAlpacaFrame(
      JSON.stringify([
        { T: 't', S: 'AAPL', i: 96921, x: 'V', p: 126.55, s: 1, t: '2021-02-22T15:51:44.208Z', c: ['@', 'I'], z: 'C' },
        { T: 't', S: 'AAPL', i: 1, p: -1, s: 1, t: '2021-02-22T15:51:44Z' },
        { T: 'q', S: 'AAPL', bx: 'V', bp: 126.5, bs: 1, ax: 'V', ap: 126.6, as: 4, t: 'not a time' },
        { T: 'u', S: 'AAPL', o: 1, h: 2, l: 0.5, c: 1.5, v: 100, t: '2021-02-22T19:15:00Z', n: 3, vw: 1.2 },
        { T: 's', S: 'AAPL', sc: 'T' },
        { nope: true },
      ]),
    );
    expect(frame.messages.map((m) => m.T)).toEqual(['t', 'u']);
    expect(frame.rejected).toBe(3);
    expect(frame.ignored).toBe(1);
    expect(frame.reason).toMatch(/^t:/);
    expect(parseAlpacaFrame('{"T":"t"}')).toMatchObject({ rejected: 1, reason: 'frame is not an array' });
    expect(parseAlpacaFrame('[{')).toMatchObject({ rejected: 1, reason: 'invalid JSON' });
  });
});

describe('Alpaca credentials', () => {
  it('is disabled with a clear message without keys, and names the missing one', () => {
    expect(alpacaCredentials(testConfig())).toEqual({ disabled: 'alpaca disabled: set ALPACA_KEY_ID and ALPACA_SECRET_KEY' });
    expect(alpacaCredentials(testConfig({ ALPACA_KEY_ID: 'k' }))).toEqual({
      disabled: expect.stringContaining('ALPACA_SECRET_KEY is not') as unknown,
    });
    const ok = alpacaCredentials(testConfig({ ALPACA_KEY_ID: 'k', ALPACA_SECRET_KEY: 's' }));
    expect(ok).toEqual({ key: 'k', secret: 's' });
    expect(isAlpacaEnabled(ok)).toBe(true);
  });
});
