/** Feed freshness of one chart: connection, market session and time since the last update. */
import type { CandlewireClient, ChannelEvent } from '@candlewire/client';
import { channel, type Quote, type QuoteState } from '@candlewire/protocol';
import { useEffect, useRef, useState } from 'react';
import { formatAge } from '../lib/format';
import { useChannel, useConnectionState } from './use-channel';

/** No candle or quote for this long while connected = stale. */
export const STALE_AFTER_MS = 10_000;

/** What the overlay badge says; null = all is well. */
export type FeedStatus = { kind: 'disconnected' | 'connecting' | 'closed' | 'stale'; text: string } | null;

/** Watches `quote:SYMBOL`, the connection, and `lastDataAt()` (the candle channel), ticking each second. */
export function useFeedStatus(client: CandlewireClient | null, symbol: string, lastDataAt: () => number | null): FeedStatus {
  const connection = useConnectionState(client);
  const [state, setState] = useState<QuoteState | null>(null);
  const lastQuote = useRef<Quote | null>(null);
  const lastQuoteAt = useRef<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    setState(null);
    lastQuote.current = null;
    lastQuoteAt.current = null;
  }, [symbol]);

  useChannel(client, channel.quote(symbol), (event: ChannelEvent<'quote'>) => {
    if (event.type === 'error') return;
    const data = event.type === 'snapshot' ? event.snapshot : event.data;
    if (data === null || data.symbol !== symbol) return;
    lastQuote.current = data;
    lastQuoteAt.current = Date.now();
    // NOTE: only the session state is React state: a quote tick does not re-render; the 1 s timer does.
    setState(data.state);
  });

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  switch (connection.status) {
    case 'connecting':
      return connection.attempt === 0
        ? { kind: 'connecting', text: 'Connecting…' }
        : { kind: 'disconnected', text: 'Disconnected — reconnecting…' };
    case 'reconnecting':
      return { kind: 'disconnected', text: 'Disconnected — reconnecting…' };
    case 'offline':
      return {
        kind: 'disconnected',
        text: connection.reason === 'browser-offline' ? 'Offline — waiting for the network…' : 'Disconnected',
      };
    case 'connected':
      break;
  }
  // NOTE: read on each render (the 1 s timer re-renders): the gateway lost its data store, the socket is fine.
  if (client?.isStale(channel.quote(symbol)) === true) return { kind: 'stale', text: 'Market data delayed · catching up by itself' };
  if (state === 'closed') return { kind: 'closed', text: 'Market closed' };
  if (state === 'stale')
    return { kind: 'stale', text: `Feed stale · last update ${formatAge(now - (lastQuote.current?.time ?? now))} ago` };
  const last = Math.max(lastQuoteAt.current ?? 0, lastDataAt() ?? 0, connection.since);
  if (now - last > STALE_AFTER_MS) return { kind: 'stale', text: `Feed stale · last update ${formatAge(now - last)} ago` };
  return null;
}
