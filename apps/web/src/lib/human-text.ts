/** Trader-facing wording for outages and unavailable symbols (pure, unit-tested). */

/** Messages browsers give a fetch that never reached the server (Chromium, Firefox, Safari). */
const NETWORK_FAILURE = /failed to fetch|networkerror|load failed|network request failed/i;

/** How often the status bar asks the server again (`useServerStatus`). */
export const STATUS_RETRY_SECONDS = 10;

/**
 * The status bar's line when `/api/status` failed: "Server unreachable · retrying every 10 s"
 * instead of the browser's "Failed to fetch"; an HTTP failure keeps its code for support.
 */
export function serverOutageText(error: Error): string {
  const retry = `retrying every ${STATUS_RETRY_SECONDS} s`;
  if (NETWORK_FAILURE.test(error.message)) return `Server unreachable · ${retry}`;
  const http = /HTTP (\d{3})/.exec(error.message);
  if (http !== null) return `Server error (HTTP ${http[1]}) · ${retry}`;
  return `Server status unknown: ${error.message} · ${retry}`;
}

/** A watchlist badge and its tooltip for a quote channel that failed with `code`. */
export function quoteErrorBadge(symbol: string, code: string, message: string): { text: string; title: string } {
  if (code === 'UNKNOWN_SYMBOL') {
    return {
      text: 'NO DATA',
      title: `${symbol} is not available from this server's data source (a replay has only the symbols it recorded). Remove it or pick another symbol.`,
    };
  }
  if (code === 'FORBIDDEN') return { text: 'NO ACCESS', title: `Your sign-in does not include ${symbol}.` };
  return { text: 'ERROR', title: message };
}
