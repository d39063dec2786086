import { describe, expect, it } from 'vitest';
import { createCoalescer, type FrameEnv } from './coalescer';

function fakeEnv() {
  let frame: (() => void) | null = null;
  let hidden = false;
  let visible: (() => void) | null = null;
  const env: FrameEnv = {
    request: (cb) => {
      frame = cb;
      return 1;
    },
    cancel: () => void (frame = null),
    isHidden: () => hidden,
    onVisible: (cb) => {
      visible = cb;
      return () => void (visible = null);
    },
  };
  return {
    env,
    runFrame: () => {
      const f = frame;
      frame = null;
      f?.();
    },
    pending: () => frame !== null,
    setHidden: (h: boolean) => {
      hidden = h;
      if (!h) visible?.();
    },
  };
}

const c = (time: number, close: number) => ({ time, open: 1, high: 9, low: 0, close, volume: 1 });

describe('coalescer', () => {
  it('paints once per frame, the latest state per bucket, in time order', () => {
    const f = fakeEnv();
    const paints: [number[], boolean][] = [];
    const co = createCoalescer((candles, full) => paints.push([candles.map((x) => x.close), full]), f.env);
    co.push(c(120, 1));
    co.push(c(60, 2));
    co.push(c(120, 3));
    expect(paints).toEqual([]);
    f.runFrame();
    expect(paints).toEqual([[[2, 3], false]]);
    f.runFrame();
    expect(paints).toHaveLength(1);
  });

  it('queues nothing while hidden and repaints in full when visible again', () => {
    const f = fakeEnv();
    const paints: [number, boolean][] = [];
    const co = createCoalescer((candles, full) => paints.push([candles.length, full]), f.env);
    f.setHidden(true);
    co.push(c(60, 1));
    expect(f.pending()).toBe(false);
    f.setHidden(false);
    expect(paints).toEqual([[0, true]]);
  });

  it('turns a pending frame into a full repaint on request and drops it on reset', () => {
    const f = fakeEnv();
    const paints: [number, boolean][] = [];
    const co = createCoalescer((candles, full) => paints.push([candles.length, full]), f.env);
    co.push(c(60, 1));
    co.requestFull();
    f.runFrame();
    expect(paints).toEqual([[0, true]]);
    co.push(c(60, 1));
    co.reset();
    f.runFrame();
    expect(paints).toHaveLength(1);
  });
});
