/** The `?` overlay: every keyboard shortcut of the desk (`data-testid="shortcuts"`). */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/** Open state of the overlay. */
export const shortcutsHelpStore = createStore<{ open: boolean }>()(() => ({ open: false }));

/** Opens or closes the overlay. */
export function toggleShortcutsHelp(open = !shortcutsHelpStore.getState().open): void {
  shortcutsHelpStore.setState({ open });
}

/** Shortcuts as listed (keys, what they do). */
export const SHORTCUTS: readonly { keys: readonly string[]; what: string }[] = [
  { keys: ['/'], what: 'Search symbols (Enter adds to the watchlist and charts it, Shift+Enter only charts it)' },
  { keys: ['1', '…', '6'], what: 'Interval of the focused chart: 1s 1m 5m 15m 1h 1d' },
  { keys: ['A'], what: 'New price alert on the focused chart’s symbol' },
  { keys: ['I'], what: 'Indicators menu of the focused chart' },
  { keys: ['Tab'], what: 'Move through watchlist rows, alert lists and buttons; Enter activates' },
  { keys: ['Esc'], what: 'Close a dialog, the search suggestions, or chart alert placing' },
  { keys: ['?'], what: 'Show or hide this list' },
];

/** The modal list of shortcuts. */
export function ShortcutsHelp() {
  const open = useStore(shortcutsHelpStore, (s) => s.open);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="pa-dialog help-dialog"
      data-testid="shortcuts"
      aria-labelledby="shortcuts-title"
      onClose={() => toggleShortcutsHelp(false)}
    >
      <h2 id="shortcuts-title" className="pa-title">
        Keyboard shortcuts
      </h2>
      <dl className="help-list">
        {SHORTCUTS.map((s) => (
          <div key={s.what} className="help-item">
            <dt>{s.keys.map((k) => (k === '…' ? <span key={k}> – </span> : <kbd key={k}>{k}</kbd>))}</dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <p className="pa-note muted">Price alerts run in this browser while Candlewire is open.</p>
      <div className="pa-actions">
        <button type="button" className="text-btn primary" onClick={() => toggleShortcutsHelp(false)} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
