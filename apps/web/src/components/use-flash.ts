import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Flashes `ref`'s element up or down whenever `price` moves, by setting `data-flash`.
 * NOTE: two identical keyframe sets (…-0 / …-1) alternate: changing animation-name restarts the
 * animation without the forced reflow of the remove-class/offsetWidth/add-class trick.
 */
export function useFlash(ref: RefObject<HTMLElement | null>, price: number | undefined): void {
  const last = useRef<number | undefined>(undefined);
  const parity = useRef(0);
  useLayoutEffect(() => {
    const el = ref.current;
    const prev = last.current;
    last.current = price;
    if (!el || prev === undefined || price === undefined || price === prev) return;
    parity.current ^= 1;
    el.dataset['flash'] = `${price > prev ? 'up' : 'down'}-${parity.current}`;
  }, [ref, price]);
}
