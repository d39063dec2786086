import { describe, expect, it } from 'vitest';
import { formatZoned, marketTooltip, SIMULATED_NOTE } from './session-text';

describe('session text', () => {
  it('shows the next change in the market zone and the user zone (DST-correct)', () => {
    const open = Date.parse('2026-03-09T13:30:00Z'); // 09:30 EDT, the Monday after spring-forward
    expect(formatZoned(open, 'America/New_York', 'en-US')).toBe('Mon, 09:30 EDT');
    expect(formatZoned(open, 'Asia/Hong_Kong', 'en-US')).toMatch(/^Mon, 21:30 GMT\+8$/);
    const tip = marketTooltip({ name: 'New York Stock Exchange', timezone: 'America/New_York', status: 'pre', nextChange: open }, 'en-US');
    expect(tip.split('\n')).toEqual([
      'New York Stock Exchange (America/New_York): pre-market',
      'opens Mon, 09:30 EDT market time',
      `= ${formatZoned(open, undefined, 'en-US')} your time`,
    ]);
    expect(marketTooltip({ name: 'Crypto (24/7)', timezone: 'UTC', status: 'open', nextChange: null })).toContain('around the clock');
    expect(
      marketTooltip({
        name: 'New York Stock Exchange',
        timezone: 'America/New_York',
        status: 'open',
        nextChange: null,
        simulated: true,
      }).split('\n'),
    ).toEqual(['New York Stock Exchange (America/New_York): open', SIMULATED_NOTE, 'No scheduled change: trades around the clock']);
  });
});
