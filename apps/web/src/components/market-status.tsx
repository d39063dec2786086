import { useStore } from 'zustand';
import { formatTimeLeft, marketTooltip, NEXT_WORD, STATUS_WORD } from '../pulse/session-text';
import { connectionStore } from '../stores/connection-store';
import { pulseStore } from '../stores/pulse-store';

/**
 * Each market's session state and a countdown to its next change, live from the `markets`
 * channel. The tooltip (and screen readers) get the change time in the market's zone and the user's.
 */
export function MarketStatus() {
  const markets = useStore(pulseStore, (s) => s.markets?.markets);
  // NOTE: the connection store ticks once a second: the countdowns advance between updates.
  const now = useStore(connectionStore, (s) => s.now);
  if (markets === undefined) {
    return (
      <span className="markets muted" data-testid="markets" data-state="loading">
        Markets …
      </span>
    );
  }
  return (
    <ul className="markets" data-testid="markets" data-state="live" aria-label="Market sessions">
      {markets.map((m) => {
        const tip = marketTooltip(m);
        return (
          <li
            key={m.id}
            className="market"
            data-testid="market"
            data-market={m.id}
            data-status={m.status}
            data-simulated={m.simulated}
            data-next-change={m.nextChange ?? ''}
            title={tip}
          >
            <span className="market-dot" aria-hidden="true" />
            <span className="market-id">{m.id}</span>
            <span className="market-state">{STATUS_WORD[m.status]}</span>
            {m.simulated && (
              <span className="market-sim" data-testid="market-simulated" aria-hidden="true">
                simulated
              </span>
            )}
            {m.nextChange !== null && (
              <span className="market-next" data-testid="market-countdown">
                {NEXT_WORD[m.status]} in {formatTimeLeft(m.nextChange - now)}
              </span>
            )}
            <span className="sr-only">{tip}</span>
          </li>
        );
      })}
    </ul>
  );
}
