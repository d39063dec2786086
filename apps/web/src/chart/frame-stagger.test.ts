import { describe, expect, it } from 'vitest';
import type { FrameEnv } from './coalescer';
import { createStaggeredFrameEnv } from './frame-stagger';

/** A base env whose frames run by hand: every callback requested before a frame runs in it. */
function manualFrames() {
  let callbacks: (() => void)[] = [];
  const base: FrameEnv = {
    request: (cb) => callbacks.push(cb),
    cancel: () => undefined,
    isHidden: () => false,
    onVisible: () => () => undefined,
  };
  const frame = (): void => {
    const now = callbacks;
    callbacks = [];
    for (const cb of now) cb();
  };
  return { base, frame, requested: () => callbacks.length };
}

describe('staggered frames', () => {
  it('runs one callback per frame, first requested first', () => {
    const m = manualFrames();
    const env = createStaggeredFrameEnv(m.base);
    const ran: string[] = [];
    for (const chart of ['a', 'b', 'c', 'd']) env.request(() => ran.push(chart));
    expect(m.requested()).toBe(1);
    m.frame();
    expect(ran).toEqual(['a']);
    m.frame();
    m.frame();
    m.frame();
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    m.frame();
    expect(m.requested()).toBe(0); // idle: no frame is asked for
  });

  it('puts a callback requested while running at the back of the queue', () => {
    const m = manualFrames();
    const env = createStaggeredFrameEnv(m.base);
    const ran: string[] = [];
    env.request(() => {
      ran.push('a1');
      env.request(() => ran.push('a2'));
    });
    env.request(() => ran.push('b'));
    m.frame();
    m.frame();
    m.frame();
    expect(ran).toEqual(['a1', 'b', 'a2']);
  });

  it('skips a cancelled callback without spending a frame on it', () => {
    const m = manualFrames();
    const env = createStaggeredFrameEnv(m.base);
    const ran: string[] = [];
    const a = env.request(() => ran.push('a'));
    env.request(() => ran.push('b'));
    env.cancel(a);
    m.frame();
    expect(ran).toEqual(['b']);
  });
});
