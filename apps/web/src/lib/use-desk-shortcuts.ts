/** The desk's keys beside `use-shortcuts.ts`: `?` shortcut list, `A` new price alert, `I` indicators menu. */
import { useEffect } from 'react';
import { toggleShortcutsHelp } from '../components/shortcuts-help';
import { newAlertFor } from '../price-alerts';
import { isTypingTarget } from './use-shortcuts';

/** Opens the focused chart's indicator menu (the chart's own `indicator-menu` button), if it has one. */
export function openIndicatorMenu(): boolean {
  const menu =
    document.querySelector('[data-testid="chart"][data-focused="true"] [data-testid="indicator-menu"]') ??
    document.querySelector('[data-testid="indicator-menu"]');
  if (!(menu instanceof HTMLElement)) return false;
  menu.focus();
  menu.click();
  return true;
}

/** Registers the desk's global keys (ignored while typing or inside an open dialog). */
export function useDeskShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isTypingTarget(e.target)) return;
      if (e.target instanceof Element && e.target.closest('dialog[open]') !== null) return;
      if (e.key === '?') toggleShortcutsHelp();
      else if (e.key === 'a' || e.key === 'A') newAlertFor();
      else if (e.key === 'i' || e.key === 'I') openIndicatorMenu();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
