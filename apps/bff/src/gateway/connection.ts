import type { Duplex } from 'node:stream';
import { fullTokens, takeToken as takeBucketToken, type TokenState } from '@candlewire/pacing';
import type { Channel } from '@candlewire/protocol';
import type { WebSocket } from 'ws';
import type { AuthClaims } from './auth';
import type { Packet } from './frames';

/** Per-connection state of the gateway. */
export interface Connection {
  readonly id: string;
  readonly ws: WebSocket;
  /** The socket under `ws`: the fan-out writes its pre-encoded frames here. */
  readonly socket: Duplex;
  readonly auth: AuthClaims | null;
  /** Channels this connection is subscribed to. */
  readonly channels: Set<Channel>;
  /**
   * Encoded messages waiting for the next flush: the first `queued` slots, in order.
   * NOTE: the array is reused across flushes (slots past `queued` are stale): a fresh array per
   * flush lived just long enough (one flush window) to be promoted, and old-space garbage per
   * connection is what made memory grow with the connection count under load.
   */
  queue: Packet[];
  queued: number;
  /** When the oldest queued message was queued. */
  queuedAt: number;
  lastSentAt: number;
  /** When the connection's queue was last written. */
  flushedAt: number;
  missedPongs: number;
  closed: boolean;
  /** Token bucket of inbound messages (`@candlewire/pacing`). */
  readonly tokens: TokenState;
  /** Messages refused by the rate limit in the current one-second window. */
  refused: number;
  refusedWindow: number;
}

/** Creates the state of a newly accepted connection. */
export function createConnection(
  id: string,
  ws: WebSocket,
  auth: AuthClaims | null,
  burst: number,
  now: number,
  socket: Duplex,
): Connection {
  return {
    id,
    ws,
    socket,
    auth,
    channels: new Set(),
    queue: [],
    queued: 0,
    queuedAt: 0,
    lastSentAt: now,
    flushedAt: now,
    missedPongs: 0,
    closed: false,
    tokens: fullTokens({ ratePerSec: burst, burst }, now),
    refused: 0,
    refusedWindow: now,
  };
}

/** Outcome of the inbound rate limit for one message. */
export type RateVerdict = 'accept' | 'refuse' | 'close';

/**
 * Token bucket: `perSecond` messages per second with a burst of `perSecond`. A refused message
 * gets `RATE_LIMITED`; once more than `perSecond` messages are refused within one second the
 * flood is going on and the connection is closed (1008).
 */
export function takeToken(c: Connection, perSecond: number, now: number): RateVerdict {
  if (takeBucketToken(c.tokens, { ratePerSec: perSecond, burst: perSecond }, now)) return 'accept';
  if (now - c.refusedWindow >= 1000) {
    c.refusedWindow = now;
    c.refused = 0;
  }
  c.refused++;
  return c.refused > perSecond ? 'close' : 'refuse';
}
