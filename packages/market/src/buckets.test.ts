import { INTERVALS } from '@candlewire/protocol';
import { describe, expect, it } from 'vitest';
import { bucketStart, nextBucketStart } from './buckets';

const NY = 'America/New_York';
const sec = (iso: string): number => Date.parse(iso) / 1000;

describe('intraday buckets', () => {
  it('floor to the interval in UTC seconds whatever the zone', () => {
    const ms = Date.parse('2026-03-09T13:37:42.500Z');
    expect(bucketStart('1s', ms, NY)).toBe(sec('2026-03-09T13:37:42Z'));
    expect(bucketStart('1m', ms, NY)).toBe(sec('2026-03-09T13:37:00Z'));
    expect(bucketStart('5m', ms, 'Asia/Shanghai')).toBe(sec('2026-03-09T13:35:00Z'));
    expect(bucketStart('15m', ms, 'Asia/Kolkata')).toBe(sec('2026-03-09T13:30:00Z'));
    expect(bucketStart('1h', ms, NY)).toBe(sec('2026-03-09T13:00:00Z'));
    expect(nextBucketStart('5m', sec('2026-03-09T13:35:00Z'), NY)).toBe(sec('2026-03-09T13:40:00Z'));
    expect(nextBucketStart('1h', sec('2026-03-09T13:00:00Z'), NY)).toBe(sec('2026-03-09T14:00:00Z'));
  });

  it('puts a bucket start in its own bucket and chains without gaps', () => {
    for (const interval of INTERVALS) {
      let start = bucketStart(interval, Date.parse('2026-03-06T12:00:00Z'), NY);
      for (let i = 0; i < 10; i += 1) {
        const next = nextBucketStart(interval, start, NY);
        expect(next).toBeGreaterThan(start);
        expect(bucketStart(interval, start * 1000, NY)).toBe(start);
        expect(bucketStart(interval, next * 1000 - 1, NY)).toBe(start);
        start = next;
      }
    }
  });
});

describe('1d buckets', () => {
  it('start at New York midnight: 23 h on 2026-03-08, 25 h on 2026-11-01', () => {
    const spring = bucketStart('1d', Date.parse('2026-03-08T15:00:00Z'), NY);
    expect(spring).toBe(sec('2026-03-08T05:00:00Z'));
    expect(nextBucketStart('1d', spring, NY) - spring).toBe(23 * 3600);
    const fall = bucketStart('1d', Date.parse('2026-11-01T15:00:00Z'), NY);
    expect(fall).toBe(sec('2026-11-01T04:00:00Z'));
    expect(nextBucketStart('1d', fall, NY) - fall).toBe(25 * 3600);
    expect(nextBucketStart('1d', sec('2026-03-06T05:00:00Z'), NY)).toBe(sec('2026-03-07T05:00:00Z'));
  });

  it('follow the exchange date, not the UTC date', () => {
    // 23:59:59 CST on 2026-03-05 and the next second
    expect(bucketStart('1d', Date.parse('2026-03-05T15:59:59Z'), 'Asia/Shanghai')).toBe(sec('2026-03-04T16:00:00Z'));
    expect(bucketStart('1d', Date.parse('2026-03-05T16:00:00Z'), 'Asia/Shanghai')).toBe(sec('2026-03-05T16:00:00Z'));
    // 21:00 EST on 2026-03-05 is already 2026-03-06 in UTC
    expect(bucketStart('1d', Date.parse('2026-03-06T02:00:00Z'), NY)).toBe(sec('2026-03-05T05:00:00Z'));
    expect(bucketStart('1d', Date.parse('2026-03-06T02:00:00Z'), 'UTC')).toBe(sec('2026-03-06T00:00:00Z'));
  });
});
