/** The chart's toolbar: symbol, interval switcher and the exchange time zone. */
import type { Interval } from '@candlewire/protocol';
import type { ReactNode } from 'react';

/** Intervals offered, shortest first (local copy: the protocol barrel would pull zod into the bundle). */
export const CHART_INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const satisfies readonly Interval[];

/** Props of the toolbar. */
export interface ToolbarProps {
  symbol: string;
  name: string | undefined;
  interval: Interval;
  zone: string;
  onIntervalChange: (interval: Interval) => void;
  /** Extra controls after the intervals (indicators, compare, scale). */
  children?: ReactNode;
}

/** Symbol, interval buttons and zone label. */
export function Toolbar({ symbol, name, interval, zone, onIntervalChange, children }: ToolbarProps) {
  return (
    <div className="cw-toolbar">
      <span className="cw-symbol" title={name}>
        {symbol}
      </span>
      <div className="cw-intervals" role="group" aria-label="Interval">
        {CHART_INTERVALS.map((iv) => (
          <button
            key={iv}
            type="button"
            className="cw-interval"
            data-testid="chart-interval"
            data-value={iv}
            aria-pressed={iv === interval}
            onClick={() => {
              if (iv !== interval) onIntervalChange(iv);
            }}
          >
            {iv}
          </button>
        ))}
      </div>
      {children}
      <span className="cw-zone" title="Exchange time zone of the time axis">
        {zone}
      </span>
    </div>
  );
}
