import { useLayoutEffect, useRef, type RefObject } from 'react';
import { beat } from '../lib/beat';

/** How long a price cell stays tinted after a move. */
export const FLASH_MS = 450;

/**
 * Tints `ref`'s element up or down for `FLASH_MS` whenever `price` moves, by setting `data-flash`
 * (a later move restarts it), ending on a UI beat. NOTE: a static tint and one timer, not a CSS
 * fade: a fading background repaints on every frame of the fade, on every flashing row.
 */
export function useFlash(ref: RefObject<HTMLElement | null>, price: number | undefined): void {
  const last = useRef<number | undefined>(undefined);
  const generation = useRef(0);
  useLayoutEffect(() => {
    const el = ref.current;
    const prev = last.current;
    last.current = price;
    if (!el || prev === undefined || price === undefined || price === prev) return;
    el.dataset['flash'] = price > prev ? 'up' : 'down';
    const mine = ++generation.current;
    // NOTE: a later move owns the tint; an unmounted row's element is simply gone.
    beat.after(FLASH_MS, () => {
      if (generation.current === mine) delete el.dataset['flash'];
    });
  }, [ref, price]);
}
