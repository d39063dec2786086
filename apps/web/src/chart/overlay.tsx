/** Status badge over the chart (disconnected, market closed, feed stale) and the error panel. */
import { INTERNAL_RETRY_MS, type CandlewireClient } from '@candlewire/client';
import { useFeedStatus } from './use-feed-status';

/** Props of the status badge. */
export interface StatusBadgeProps {
  client: CandlewireClient | null;
  symbol: string;
  /** `Date.now()` of the last candle from the channel, or null. */
  lastDataAt: () => number | null;
}

/**
 * A badge at the top of the plot; nothing when the feed is fine.
 * NOTE: its own component, so the 1 s freshness tick re-renders only the badge.
 */
export function StatusBadge({ client, symbol, lastDataAt }: StatusBadgeProps) {
  const status = useFeedStatus(client, symbol, lastDataAt);
  if (status === null) return null;
  return (
    <div className={`cw-badge cw-badge-${status.kind}`} data-testid="chart-status" data-kind={status.kind} role="status">
      {status.text}
    </div>
  );
}

/** Fills the plot with an error (e.g. "No instrument ZZZZ"); `retrying`: a transient one the SDK retries. */
export function ErrorPanel({ message, retrying }: { message: string; retrying: boolean }) {
  if (retrying) {
    return (
      <div className="cw-error" data-testid="chart-error" data-retrying="true" role="alert">
        <div className="cw-error-title">Waiting for the data source</div>
        <div className="cw-error-detail">{message}</div>
        <div className="cw-error-hint">Retrying every {INTERNAL_RETRY_MS / 1000} s; the chart fills in when it answers.</div>
      </div>
    );
  }
  return (
    <div className="cw-error" data-testid="chart-error" data-retrying="false" role="alert">
      <div className="cw-error-title">{message}</div>
      <div className="cw-error-hint">
        {message.startsWith('No instrument ')
          ? "This server's data source does not have it (a replay has only the symbols it recorded). Pick another symbol from the watchlist or the search."
          : 'Check the symbol, or pick another one from the watchlist.'}
      </div>
    </div>
  );
}

/** Shown while the first history page is loading. */
export function LoadingPanel() {
  return (
    <div className="cw-loading" data-testid="chart-loading">
      Loading…
    </div>
  );
}
