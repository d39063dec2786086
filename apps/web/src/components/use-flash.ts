import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** How long a price cell stays tinted after a move. */
export const FLASH_MS = 450;

/**
 * Tints `ref`'s element up or down for `FLASH_MS` whenever `price` moves, by setting `data-flash`
 * (a later move restarts it). NOTE: a static tint and one timer, not a CSS fade: a fading
 * background repaints on every frame of the fade, on every flashing row.
 */
export function useFlash(ref: RefObject<HTMLElement | null>, price: number | undefined): void {
  const last = useRef<number | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const prev = last.current;
    last.current = price;
    if (!el || prev === undefined || price === undefined || price === prev) return;
    el.dataset['flash'] = price > prev ? 'up' : 'down';
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      delete el.dataset['flash'];
    }, FLASH_MS);
  }, [ref, price]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
}
