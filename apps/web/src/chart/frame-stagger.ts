/**
 * One chart flush per animation frame across every chart of the page, first come first served.
 * NOTE: each flush makes lightweight-charts repaint that chart in the next frame. When the four
 * charts of a layout took their updates in the same frame (one WebSocket frame often carries all
 * four symbols), all four repainted in one task; with every indicator on that task passed 50 ms
 * whenever a GC landed in it. Taking turns bounds a frame's work to one chart's repaint and
 * delays a chart by at most one frame per other chart waiting (three frames in a 4-chart layout).
 */
import { browserFrameEnv, type FrameEnv } from './coalescer';

/** A `FrameEnv` whose callbacks run one per frame of `base`, in the order they were requested. */
export function createStaggeredFrameEnv(base: FrameEnv): FrameEnv {
  const queue = new Map<number, () => void>(); // NOTE: a Map iterates in insertion order: a FIFO with O(1) cancel.
  let nextHandle = 1;
  let frame: number | null = null;

  const runOne = (): void => {
    frame = null;
    const first = queue.entries().next();
    if (first.done === true) return;
    const [handle, cb] = first.value;
    queue.delete(handle);
    if (queue.size > 0) frame = base.request(runOne);
    cb();
  };

  return {
    request(cb) {
      const handle = nextHandle++;
      queue.set(handle, cb);
      frame ??= base.request(runOne);
      return handle;
    },
    cancel(handle) {
      queue.delete(handle);
    },
    isHidden: () => base.isHidden(),
    onVisible: (cb) => base.onVisible(cb),
  };
}

/** The charts' shared frame scheduler. */
export const chartFrameEnv: FrameEnv = createStaggeredFrameEnv(browserFrameEnv);
