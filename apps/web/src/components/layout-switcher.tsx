import { useStore } from 'zustand';
import { CHART_COUNTS, layoutStore } from '../stores/layout-store';
import { LayoutIcon } from './icons';

/** 1 / 2 / 4 chart layout buttons. */
export function LayoutSwitcher() {
  const count = useStore(layoutStore, (s) => s.count);
  return (
    <div className="segmented" role="group" aria-label="Chart layout">
      {CHART_COUNTS.map((n) => (
        <button
          key={n}
          type="button"
          className="icon-btn"
          aria-pressed={count === n}
          data-testid={`layout-${n}`}
          title={`${n} chart${n > 1 ? 's' : ''}`}
          onClick={() => layoutStore.getState().setCount(n)}
        >
          <LayoutIcon count={n} />
          <span className="sr-only">{`${n} chart${n > 1 ? 's' : ''}`}</span>
        </button>
      ))}
    </div>
  );
}
