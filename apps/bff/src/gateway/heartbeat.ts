import type { Metrics } from '../metrics';
import type { Connection } from './connection';
import type { Fanout } from './fanout';

/** Inputs of the heartbeat. */
export interface HeartbeatOptions {
  connections: Iterable<Connection>;
  heartbeatMs: number;
  fanout: Fanout;
  metrics: Metrics;
  now: () => number;
  /** Runs for each open connection on every tick before its beat (may close it: the idle reaper). */
  beforeBeat?: (c: Connection, at: number) => void;
}

/** One connection's turn: a ping frame when due (a peer that missed two is terminated), a heartbeat message when idle. */
function beat(o: HeartbeatOptions, c: Connection, ping: boolean, at: number): void {
  if (ping) {
    if (c.missedPongs >= 2) {
      o.metrics.closes.inc({ code: 'terminated' });
      c.ws.terminate();
      return;
    }
    c.missedPongs++;
    c.ws.ping();
  }
  if (at - c.lastSentAt >= o.heartbeatMs && c.queued === 0) {
    o.fanout.enqueue(c, `{"type":"heartbeat","serverTime":${at}}`);
    o.fanout.flush(c);
  }
}

/**
 * Starts the heartbeat; returns its stop function. NOTE: one timer for all connections:
 * heartbeats when idle, ping frames, dead-peer reaping.
 */
export function startHeartbeat(o: HeartbeatOptions): () => void {
  let lastPing = o.now();
  const tick = setInterval(
    () => {
      const at = o.now();
      const ping = at - lastPing >= o.heartbeatMs;
      if (ping) lastPing = at;
      for (const c of o.connections) {
        if (c.closed) continue;
        o.beforeBeat?.(c, at);
        if (!c.closed) beat(o, c, ping, at);
      }
    },
    Math.min(1000, o.heartbeatMs),
  );
  tick.unref();
  return () => clearInterval(tick);
}
