import { CALENDARS, INSTRUMENTS } from '@candlewire/market';
import { describe, expect, it } from 'vitest';
import { createFakeSource } from '../../test/fakes/fake-source';
import { createRouterSource } from '../sources/router';
import { createSimSource } from '../sources/sim/sim-source';
import { marketInfos } from './markets';

const at = (iso: string): number => Date.parse(iso);
const crypto = INSTRUMENTS.filter((i) => i.market === 'CRYPTO');

describe('marketInfos: simulated and nextStatus', () => {
  it('the default simulation: every market open around the clock, labelled simulated, no next change', () => {
    const sim = createSimSource({ seed: 'x', sessions: 'always', emptyBuckets: 'flat' });
    const infos = marketInfos(sim, at('2026-03-07T08:00:00Z')); // a Saturday, 03:00 in New York
    expect(infos.map((m) => [m.id, m.status, m.nextChange, m.nextStatus, m.simulated])).toEqual([
      ['US', 'open', null, null, true],
      ['CN', 'open', null, null, true],
      ['HK', 'open', null, null, true],
      ['CRYPTO', 'open', null, null, true],
    ]);
  });

  it('real sessions: the calendar status, the next change and the status it brings; still simulated', () => {
    const sim = createSimSource({ seed: 'x', sessions: 'real', emptyBuckets: 'flat' });
    const us = marketInfos(sim, at('2026-03-05T12:00:00Z')).find((m) => m.id === 'US');
    expect(us).toEqual({
      id: 'US',
      name: CALENDARS.US.name,
      timezone: 'America/New_York',
      status: 'pre',
      nextChange: at('2026-03-05T14:30:00Z'),
      nextStatus: 'open',
      simulated: true,
    });
  });

  it('a market served by a venue is not simulated; one still on the simulation is', () => {
    const venue = createFakeSource({ id: 'venue', instruments: crypto });
    const sim = createSimSource({ seed: 'x', sessions: 'real', emptyBuckets: 'flat' });
    const router = createRouterSource({ sources: [sim, venue], routes: { markets: { CRYPTO: 'venue' }, symbols: {} } });
    const infos = marketInfos(router, at('2026-03-05T12:00:00Z'));
    expect(infos.find((m) => m.id === 'CRYPTO')?.simulated).toBe(false);
    expect(infos.find((m) => m.id === 'US')?.simulated).toBe(true);
  });
});
