/** "Compare" toolbar button: a small form to add up to three other symbols as percent lines. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useInstruments } from '../../api/queries';
import { addCompare, MAX_COMPARE } from '../chart-settings';

/** Props of the compare menu. */
export interface CompareMenuProps {
  chartIndex: number;
  symbol: string;
  compare: readonly string[];
}

/** Why `typed` cannot be compared, or null when it can. */
function refusal(typed: string, symbol: string, compare: readonly string[], known: ReadonlySet<string> | null): string | null {
  if (typed === '') return 'Type a symbol';
  if (typed === symbol) return `${typed} is this chart's symbol`;
  if (compare.includes(typed)) return `${typed} is compared already`;
  if (compare.length >= MAX_COMPARE) return `Up to ${MAX_COMPARE} compare symbols`;
  if (known !== null && !known.has(typed)) return `No instrument ${typed}`;
  return null;
}

/** The button (`compare-menu`) and its form (`compare-input`, `compare-error`). */
export function CompareMenu({ chartIndex, symbol, compare }: CompareMenuProps) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const instruments = useInstruments().data;
  const known = instruments === undefined ? null : new Set(instruments.map((i) => i.symbol));

  useEffect(() => {
    if (!open) return undefined;
    const close = (e: PointerEvent): void => {
      if (e.target instanceof Node && rootRef.current?.contains(e.target) !== true) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    rootRef.current?.querySelector('input')?.focus();
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const wanted = typed.trim().toUpperCase();
    const why = refusal(wanted, symbol, compare, known);
    if (why !== null || !addCompare(chartIndex, wanted)) {
      setError(why ?? 'Cannot compare that symbol');
      return;
    }
    setTyped('');
    setError(null);
    setOpen(false);
  };

  return (
    <div className="cw-menu-root" ref={rootRef}>
      <button
        type="button"
        className="cw-tool"
        data-testid="compare-menu"
        aria-expanded={open}
        title="Compare with other symbols (percent lines)"
        aria-label="Compare"
        onClick={() => setOpen((o) => !o)}
        disabled={!open && compare.length >= MAX_COMPARE}
      >
        <span aria-hidden="true">+</span>
        <span className="cw-tool-text"> Compare</span>
      </button>
      {open && (
        <form className="cw-menu cw-compare-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <label className="cw-compare-label">
            Compare {symbol} with
            <input
              data-testid="compare-input"
              list={listId}
              value={typed}
              placeholder="e.g. MSFT"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => {
                setTyped(e.target.value);
                setError(null);
              }}
            />
          </label>
          <datalist id={listId}>
            {instruments
              ?.filter((i) => i.symbol !== symbol && !compare.includes(i.symbol))
              .map((i) => (
                <option key={i.symbol} value={i.symbol} label={i.name} />
              ))}
          </datalist>
          <button type="submit" className="cw-tool">
            Add
          </button>
          {error !== null && (
            <div className="cw-compare-error" data-testid="compare-error" role="alert">
              {error}
            </div>
          )}
          <div className="cw-compare-hint">Lines show the % change from the first visible bar.</div>
        </form>
      )}
    </div>
  );
}
