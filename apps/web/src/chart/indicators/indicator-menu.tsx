/** The chart's indicator menu: a toolbar button opening a list of checkable indicators. */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { toggleIndicator, type IndicatorId } from '../chart-settings';
import { INDICATORS } from './catalog';

/** Props of the menu. */
export interface IndicatorMenuProps {
  chartIndex: number;
  active: readonly IndicatorId[];
}

/** Moves focus among the menu's items with ↑/↓/Home/End. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>): void {
  const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitemcheckbox"]')];
  const at = items.findIndex((i) => i === document.activeElement);
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  items[(next + items.length) % items.length]?.focus();
}

/** "Indicators" button with a popover of checkable items (`indicator-menu`, `indicator-<id>`). */
export function IndicatorMenu({ chartIndex, active }: IndicatorMenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return undefined;
    const close = (e: PointerEvent): void => {
      if (e.target instanceof Node && rootRef.current?.contains(e.target) !== true) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    rootRef.current?.querySelector<HTMLButtonElement>('[role="menuitemcheckbox"]')?.focus();
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  return (
    <div className="cw-menu-root" ref={rootRef}>
      <button
        type="button"
        className="cw-tool"
        data-testid="indicator-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        title="Indicators"
        aria-label={`Indicators${active.length > 0 ? ` (${active.length} on)` : ''}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">ƒx</span>
        <span className="cw-tool-text"> Indicators</span>
        {active.length > 0 ? ` ${active.length}` : ''}
      </button>
      {open && (
        <div
          id={menuId}
          className="cw-menu"
          role="menu"
          aria-label="Indicators"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              rootRef.current?.querySelector<HTMLButtonElement>('[data-testid="indicator-menu"]')?.focus();
            } else moveFocus(e);
          }}
        >
          {INDICATORS.map((def) => {
            const on = active.includes(def.id);
            return (
              <button
                key={def.id}
                type="button"
                role="menuitemcheckbox"
                aria-checked={on}
                className="cw-menu-item"
                data-testid={`indicator-${def.id}`}
                onClick={() => toggleIndicator(chartIndex, def.id)}
              >
                <span className="cw-menu-check" aria-hidden="true">
                  {on ? '✓' : ''}
                </span>
                <span
                  className="cw-menu-swatch"
                  style={{ background: def.lines.find((l) => l.kind === 'line')?.color }}
                  aria-hidden="true"
                />
                <span className="cw-menu-name">{def.short}</span>
                <span className="cw-menu-desc">{def.name}</span>
                <span className="cw-menu-pane">{def.pane === 'own' ? 'own pane' : def.pane === 'volume' ? 'volume pane' : 'on price'}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
