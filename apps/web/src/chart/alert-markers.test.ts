import { describe, expect, it } from 'vitest';
import { toSeriesMarkers, type MarkerContext } from './alert-markers';
import { toWallSeconds } from './time-zone';

const ctx: MarkerContext = {
  interval: '1m',
  timeZone: 'America/New_York',
  firstBar: Date.parse('2026-03-09T13:00:00Z') / 1000,
  up: 'green',
  down: 'red',
  accent: 'blue',
};

describe('alert markers', () => {
  it('put each alert on its bucket in wall-clock time, oldest first, dropping those before the first bar', () => {
    const t1 = Date.parse('2026-03-09T14:31:42.500Z');
    const t2 = Date.parse('2026-03-09T14:05:01Z');
    const markers = toSeriesMarkers(
      [
        { id: 'a', kind: 'surge', changePct: 3.21, time: t1 },
        { id: 'b', kind: 'plunge', changePct: -0.456, time: t2 },
        { id: 'c', kind: 'volume_spike', changePct: 0.1, time: Date.parse('2026-03-09T12:59:59Z') },
      ],
      ctx,
    );
    expect(markers.map((m) => m.id)).toEqual(['b', 'a']);
    expect(markers[1]).toMatchObject({
      time: toWallSeconds('America/New_York', Date.parse('2026-03-09T14:31:00Z') / 1000),
      shape: 'arrowUp',
      position: 'belowBar',
      color: 'green',
      text: '+3.2%',
    });
    expect(markers[0]).toMatchObject({ shape: 'arrowDown', position: 'aboveBar', color: 'red', text: '-0.46%' });
    expect(markers[1]?.time).toBe(Date.parse('2026-03-09T10:31:00Z') / 1000); // 10:31 EDT as wall-clock seconds
  });

  it('use the exchange day for 1d bars and show volume spikes as circles', () => {
    const day = { ...ctx, interval: '1d' as const, timeZone: 'Asia/Shanghai', firstBar: 0 };
    const [m] = toSeriesMarkers([{ id: 'v', kind: 'volume_spike', changePct: 0, time: Date.parse('2026-03-05T02:00:00Z') }], day);
    expect(m).toMatchObject({ shape: 'circle', color: 'blue', text: 'Vol', time: Date.parse('2026-03-05T00:00:00Z') / 1000 });
    expect(toSeriesMarkers([{ id: 'x', kind: 'surge', changePct: 1, time: 0 }], { ...ctx, firstBar: null })).toEqual([]);
  });
});
