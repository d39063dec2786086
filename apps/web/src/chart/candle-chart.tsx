import type { Interval } from '@candlewire/protocol';

/** Props of one chart panel (contract between the app shell and the chart). */
export interface CandleChartProps {
  symbol: string;
  interval: Interval;
  /** The focused chart receives symbol clicks from the watchlist and the `1`–`6` shortcuts. */
  focused: boolean;
  onFocus: () => void;
  onIntervalChange: (interval: Interval) => void;
}

/** A live candlestick chart with a volume pane (STUB: being implemented). */
export function CandleChart({ symbol, interval, focused, onFocus }: CandleChartProps) {
  return (
    <div data-testid="chart" data-symbol={symbol} data-interval={interval} data-focused={focused} onClick={onFocus}>
      {symbol} {interval}
    </div>
  );
}
