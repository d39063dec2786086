import { TickMarkType } from 'lightweight-charts';
import { describe, expect, it } from 'vitest';
import { formatWallTime, offsetSeconds, tickMarkFormatter, toWallSeconds, zoneCaption } from './time-zone';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('time zone shift', () => {
  it('follows New York DST (EDT −4 h in summer, EST −5 h in winter)', () => {
    expect(offsetSeconds('America/New_York', at('2025-07-01T14:30:00Z'))).toBe(-4 * 3600);
    expect(offsetSeconds('America/New_York', at('2025-01-15T14:30:00Z'))).toBe(-5 * 3600);
    // 2025-03-09 07:00Z = 03:00 EDT (clocks jump 02:00 EST → 03:00 EDT)
    expect(offsetSeconds('America/New_York', at('2025-03-09T06:59:00Z'))).toBe(-5 * 3600);
    expect(offsetSeconds('America/New_York', at('2025-03-09T07:00:00Z'))).toBe(-4 * 3600);
  });

  it('shows exchange wall-clock time on the axis', () => {
    const open = toWallSeconds('America/New_York', at('2025-07-01T13:30:00Z'));
    expect(tickMarkFormatter(open as never, TickMarkType.Time)).toBe('09:30');
    const hk = toWallSeconds('Asia/Hong_Kong', at('2025-07-01T01:30:00Z'));
    expect(tickMarkFormatter(hk as never, TickMarkType.Time)).toBe('09:30');
    expect(formatWallTime(open, 'minute')).toBe("Tue 1 Jul '25 09:30");
  });

  it('maps a 1d bucket (local midnight instant) to midnight of its day', () => {
    const midnight = toWallSeconds('America/New_York', at('2025-07-01T04:00:00Z'));
    expect(formatWallTime(midnight, 'day')).toBe("Tue 1 Jul '25");
    expect(tickMarkFormatter(midnight as never, TickMarkType.DayOfMonth)).toBe('1 Jul');
  });

  it('captions zones', () => {
    expect(zoneCaption('UTC', 0)).toBe('UTC');
    expect(zoneCaption('America/New_York', at('2025-01-15T00:00:00Z'))).toBe('New York · EST');
  });
});
