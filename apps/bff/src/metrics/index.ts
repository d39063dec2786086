import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The BFF's Prometheus metrics, on a registry of its own (several servers can share a process in tests). */
export interface Metrics {
  registry: Registry;
  connections: Gauge;
  subscriptions: Gauge;
  channels: Gauge;
  messagesSent: Counter;
  framesSent: Counter;
  bytesSent: Counter;
  sendLatency: Histogram;
  errors: Counter<'code'>;
  closes: Counter<'code'>;
  sourceState: Gauge<'source' | 'state'>;
  rejectedTrades: Gauge;
  rejectedCandles: Gauge;
  sourceRejectedFrames: Gauge<'source'>;
  sourceConnects: Gauge<'source'>;
  sourceFrames: Gauge<'source'>;
  sourceSubscribedSymbols: Gauge<'source'>;
}

/** Creates the metrics registry. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'candlewire_' });
  const opts = { registers: [registry] };
  return {
    registry,
    connections: new Gauge({ name: 'candlewire_connections', help: 'Open WebSocket connections', ...opts }),
    subscriptions: new Gauge({ name: 'candlewire_subscriptions', help: 'Channel subscriptions over all connections', ...opts }),
    channels: new Gauge({ name: 'candlewire_channels', help: 'Channel streams with state', ...opts }),
    messagesSent: new Counter({ name: 'candlewire_messages_sent_total', help: 'Messages sent to clients', ...opts }),
    framesSent: new Counter({ name: 'candlewire_frames_sent_total', help: 'WebSocket frames sent to clients', ...opts }),
    bytesSent: new Counter({ name: 'candlewire_bytes_sent_total', help: 'Payload bytes sent to clients', ...opts }),
    sendLatency: new Histogram({
      name: 'candlewire_send_latency_seconds',
      help: 'Time from a message being queued for a connection to its frame being written',
      buckets: [0.001, 0.005, 0.01, 0.02, 0.035, 0.05, 0.1, 0.25, 0.5, 1],
      ...opts,
    }),
    errors: new Counter({ name: 'candlewire_errors_total', help: 'Protocol errors sent, by code', labelNames: ['code'], ...opts }),
    closes: new Counter({ name: 'candlewire_closes_total', help: 'Connections closed by the server, by close code', labelNames: ['code'], ...opts }),
    sourceState: new Gauge({ name: 'candlewire_source_state', help: '1 for the current state of each source', labelNames: ['source', 'state'], ...opts }),
    rejectedTrades: new Gauge({ name: 'candlewire_rejected_trades', help: 'Trades from the source for no known instrument, since start', ...opts }),
    rejectedCandles: new Gauge({ name: 'candlewire_rejected_candles', help: 'Venue candles malformed or for no known instrument, since start', ...opts }),
    sourceRejectedFrames: new Gauge({ name: 'candlewire_source_rejected_frames', help: 'Upstream frames that failed validation and were dropped, since start, per source', labelNames: ['source'], ...opts }),
    sourceConnects: new Gauge({ name: 'candlewire_source_connects', help: 'Upstream connections opened (incl. reconnects), since start, per source', labelNames: ['source'], ...opts }),
    sourceFrames: new Gauge({ name: 'candlewire_source_frames', help: 'Upstream frames received, since start, per source', labelNames: ['source'], ...opts }),
    sourceSubscribedSymbols: new Gauge({ name: 'candlewire_source_subscribed_symbols', help: 'Symbols subscribed upstream now, per source (on-demand sources)', labelNames: ['source'], ...opts }),
  };
}
