import { useEffect } from 'react';
import { layoutStore } from '../stores/layout-store';
import { INTERVALS } from './intervals';

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image']);

/** True when keys typed at `target` are text (inputs, text areas, selects, editable content). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

/** Global keys: `/` focuses the search; `1`–`6` set the focused chart's interval. Ignored while typing. */
export function useShortcuts(focusSearch: () => void): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isTypingTarget(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        focusSearch();
        return;
      }
      const interval = /^[1-6]$/.test(e.key) ? INTERVALS[Number(e.key) - 1] : undefined;
      if (interval !== undefined) {
        e.preventDefault();
        const layout = layoutStore.getState();
        layout.setInterval(layout.focused, interval);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [focusSearch]);
}
