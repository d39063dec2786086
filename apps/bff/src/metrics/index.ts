import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { buildInfo } from './build-info';
import { totalCounter, type TotalCounter } from './totals';

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
  rejectedTrades: TotalCounter;
  rejectedCandles: TotalCounter;
  sourceRejectedFrames: TotalCounter<'source'>;
  sourceConnects: TotalCounter<'source'>;
  sourceFrames: TotalCounter<'source'>;
  sourceSubscribedSymbols: Gauge<'source'>;
  /** `http_request_duration_seconds{method,route,status}`. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

/** Creates the metrics registry. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  // NOTE: no prefix: process_*/nodejs_* under their standard names (incl. nodejs_eventloop_lag_*) is what stock dashboards query.
  collectDefaultMetrics({ register: registry });
  const info = buildInfo();
  new Gauge({
    name: 'candlewire_build_info',
    help: 'Build of the running BFF (always 1)',
    labelNames: ['version', 'commit', 'node'],
    registers: [registry],
  }).set(info, 1);
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
    closes: new Counter({
      name: 'candlewire_closes_total',
      help: 'Connections closed by the server, by close code',
      labelNames: ['code'],
      ...opts,
    }),
    sourceState: new Gauge({
      name: 'candlewire_source_state',
      help: '1 for the current state of each source',
      labelNames: ['source', 'state'],
      ...opts,
    }),
    rejectedTrades: totalCounter(registry, 'candlewire_rejected_trades_total', 'Trades from the source for no known instrument'),
    rejectedCandles: totalCounter(registry, 'candlewire_rejected_candles_total', 'Venue candles malformed or for no known instrument'),
    sourceRejectedFrames: totalCounter(
      registry,
      'candlewire_source_rejected_frames_total',
      'Upstream frames that failed validation and were dropped, per source',
      ['source'],
    ),
    sourceConnects: totalCounter(
      registry,
      'candlewire_source_connects_total',
      'Upstream connections opened (incl. reconnects), per source',
      ['source'],
    ),
    sourceFrames: totalCounter(registry, 'candlewire_source_frames_total', 'Upstream frames received, per source', ['source']),
    sourceSubscribedSymbols: new Gauge({
      name: 'candlewire_source_subscribed_symbols',
      help: 'Symbols subscribed upstream now, per source (on-demand sources)',
      labelNames: ['source'],
      ...opts,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, matched route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      ...opts,
    }),
  };
}
