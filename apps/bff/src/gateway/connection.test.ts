import { PassThrough } from 'node:stream';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { createConnection, takeToken } from './connection';

describe('inbound rate limit', () => {
  const fresh = (now: number) => createConnection('c', {} as WebSocket, null, 10, now, new PassThrough());

  it('lets a burst of `perSecond` through, then refuses, then closes when the flood goes on', () => {
    const c = fresh(0);
    const verdicts = Array.from({ length: 25 }, () => takeToken(c, 10, 0));
    expect(verdicts.slice(0, 10).every((v) => v === 'accept')).toBe(true);
    expect(verdicts.slice(10, 20).every((v) => v === 'refuse')).toBe(true);
    expect(verdicts[20]).toBe('close');
  });

  it('refills at `perSecond` and forgets refusals after a second', () => {
    const c = fresh(0);
    for (let i = 0; i < 15; i++) takeToken(c, 10, 0); // 10 accepted, 5 refused
    expect(takeToken(c, 10, 100)).toBe('accept'); // 100 ms = one token back
    expect(takeToken(c, 10, 100)).toBe('refuse');
    for (let i = 0; i < 10; i++) takeToken(c, 10, 1200);
    expect(takeToken(c, 10, 1200)).toBe('refuse'); // a new second: refusals count from 0 again
  });

  it('never lets a steady client at the limit be refused', () => {
    const c = fresh(0);
    for (let t = 0; t < 10_000; t += 100) expect(takeToken(c, 10, t)).toBe('accept');
  });
});
