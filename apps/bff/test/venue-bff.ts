/**
 * The end-to-end setup of the venue sources' `bff.test.ts`: a real BFF over a venue source with
 * one real client on `trades:<symbol>`, upstream subscribed, everything closed after each test.
 */
import { channel as channels, updateOf } from '@candlewire/protocol';
import { afterEach } from 'vitest';
import type { MarketSource } from '../src/sources/types';
import { startTestServer } from './server';
import { until } from './until';
import { connectClient } from './ws-client';

/** A running fake venue as far as this helper cares. */
interface Closable {
  close(): Promise<unknown>;
}

/** What `start` hands the test. */
export interface VenueBff {
  /** The BFF's HTTP base URL. */
  readonly serverUrl: string;
  /** Waits for `count` updates on `trades:<symbol>` and returns their data. */
  readonly trades: (count: number) => Promise<unknown[]>;
}

/**
 * Registers the cleanup (client, BFF, then the fake venue) and returns `start`: it serves
 * `source` from a real BFF on port 0, subscribes a client to `trades:<symbol>` (which subscribes
 * upstream: interest-driven, see interest/) and waits until `upstreamReady()` says the fake venue
 * sees the subscription.
 */
export function useVenueBff(): {
  start(fake: Closable, source: MarketSource, symbol: string, upstreamReady: () => boolean): Promise<VenueBff>;
} {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });
  return {
    async start(fake, source, symbol, upstreamReady) {
      cleanup.push(() => fake.close());
      const server = await startTestServer({}, { source });
      cleanup.push(() => server.close());
      const client = await connectClient(server.wsUrl);
      cleanup.push(() => client.close());
      const channel = channels.trades(symbol);
      client.send({ op: 'subscribe', id: 1, channels: [channel] });
      await client.waitFor((m) => m.type === 'subscribed');
      await until(upstreamReady, 'upstream subscribe');
      return {
        serverUrl: server.url,
        async trades(count) {
          const updates = await client.waitForCount(updateOf(channel), count);
          return updates.map((m) => m.data);
        },
      };
    },
  };
}
