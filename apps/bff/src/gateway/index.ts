import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, ErrorCode, PROTOCOL_VERSION, type ErrorMessage, type WelcomeMessage } from '@candlewire/protocol';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { BrokerSignals } from '../broker/signals';
import type { Broker } from '../broker/types';
import type { Metrics } from '../metrics';
import { createConnection, takeToken, type Connection } from './connection';
import { createAdmission } from './admission';
import { drainInBatches } from './drain';
import { createFanout } from './fanout';
import { createFreshness } from './freshness';
import type { HandlerContext } from './handlers';
import { startHeartbeat } from './heartbeat';
import { createIdleReaper } from './idle';
import { decodeFrame, dispatch } from './inbound';
import { clientIp, createIpLimiter } from './per-ip';
import { checkUpgrade, PER_IP_REFUSAL, refuseUpgrade, type UpgradePolicy } from './upgrade';

/** Limits and timings of the gateway. */
export interface GatewayOptions extends UpgradePolicy {
  broker: Broker;
  /** What a broker on Redis says besides updates (stale, live, a new epoch): told to subscribers. */
  signals?: BrokerSignals;
  metrics: Metrics;
  logger: Logger;
  /** The gateway knows channels, not venues: this says whether a symbol exists. */
  isKnownSymbol: (symbol: string) => boolean;
  heartbeatMs: number;
  flushMs: number;
  maxSubscriptions: number;
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  maxBufferedBytes: number;
  /** Unsent bytes of all connections together before the ones owing most are closed with 1013. */
  maxTotalBufferedBytes: number;
  /** Open connections per client IP (0: no limit). */
  maxConnectionsPerIp?: number;
  /** Reverse proxies in front whose `X-Forwarded-For` is trusted for the client IP. */
  trustProxyHops?: number;
  /** A connection with no subscription for this long is closed with 1008 (0: never). */
  idleTimeoutMs?: number;
  /** New sessions per second at most; more get 503 (0: unpaced). */
  maxUpgradesPerSecond?: number;
  now?: () => number;
}

/** The `/ws` endpoint. */
export interface Gateway {
  /** Handles upgrades on `server`. */
  attach(server: Server): void;
  connectionCount(): number;
  subscriptionCount(): number;
  /** The largest backlog of any one connection: messages queued for its next frame, bytes its socket has not sent yet. */
  backlog(): { messages: number; bytes: number };
  /** Closes every connection with `code` (1012 on graceful shutdown). */
  closeAll(code: number, reason: string): void;
  /**
   * Graceful shutdown: refuses new upgrades (503), closes every connection with `code` in
   * batches over `spreadMs`, and resolves once all are gone (peers that do not answer the close
   * handshake are terminated after `graceMs`).
   */
  drain(code: number, reason: string, spreadMs: number, graceMs?: number): Promise<void>;
  stop(): void;
}

/** Creates the WebSocket gateway. */
export function createGateway(options: GatewayOptions): Gateway {
  const { broker, metrics, logger } = options;
  const now = options.now ?? Date.now;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  const connections = new Set<Connection>();
  let draining = false;
  /** Called when the last connection is gone (set while draining). */
  let onEmpty: (() => void) | null = null;

  const close = (c: Connection, code: number, reason: string): void => {
    if (c.closed) return;
    c.closed = true;
    metrics.closes.inc({ code: String(code) });
    c.ws.close(code, reason);
    // NOTE: a peer that never answers the close handshake must not hold the slot.
    setTimeout(() => c.ws.terminate(), 5000).unref();
  };
  const ipLimiter = createIpLimiter(options.maxConnectionsPerIp ?? 0);
  const admission = createAdmission(options.maxUpgradesPerSecond ?? 0);
  const idle = createIdleReaper<Connection>(options.idleTimeoutMs ?? 0, (c) =>
    close(c, CloseCode.POLICY, `idle: no subscription for ${(options.idleTimeoutMs ?? 0) / 1000} s`),
  );
  const fanout = createFanout({
    broker,
    metrics,
    flushMs: options.flushMs,
    maxBufferedBytes: options.maxBufferedBytes,
    maxTotalBufferedBytes: options.maxTotalBufferedBytes,
    onSlowConsumer: (c) => close(c, CloseCode.TRY_AGAIN_LATER, 'too far behind: reconnect and resume'),
    now,
  });
  const sendError = (c: Connection, error: Omit<ErrorMessage, 'type'>): void => {
    metrics.errors.inc({ code: error.code });
    fanout.enqueue(c, JSON.stringify({ type: 'error', ...error }));
    fanout.flush(c);
  };
  const freshness = createFreshness({ broker, signals: options.signals, connections, fanout, logger, now });
  const ctx: HandlerContext = {
    broker,
    fanout,
    maxSubscriptions: options.maxSubscriptions,
    isKnownSymbol: options.isKnownSymbol,
    sendError,
    onInternalError: (err, channel) => logger.error({ err, channel }, 'subscribe failed'),
    onJoined: (c, channel) => freshness.joined(c, channel),
    now,
  };

  const onMessage = (c: Connection, data: RawData, isBinary: boolean): void => {
    const verdict = takeToken(c, options.maxMessagesPerSecond, now());
    if (verdict === 'close') {
      logger.warn({ session: c.id }, 'message flood: closing 1008');
      return close(c, CloseCode.POLICY, 'message flood');
    }
    if (verdict === 'refuse') {
      if (c.refused === 1) logger.warn({ session: c.id, limit: options.maxMessagesPerSecond }, 'rate limited');
      // NOTE: the refused message is still decoded so the error names its `id`: a client then
      // knows which request to re-send. At most `maxMessagesPerSecond` are refused before 1008.
      const refused = decodeFrame(data, isBinary);
      const id = refused.ok && 'id' in refused.message ? refused.message.id : undefined;
      return sendError(c, {
        ...(id === undefined ? {} : { id }),
        code: ErrorCode.RATE_LIMITED,
        message: `more than ${options.maxMessagesPerSecond} messages per second: message dropped`,
      });
    }
    const decoded = decodeFrame(data, isBinary);
    if (!decoded.ok) return sendError(c, decoded.error);
    dispatch(ctx, c, decoded.message, (err) => logger.error({ err }, 'subscribe handler failed'));
  };

  const welcome = (c: Connection): void => {
    const message: WelcomeMessage = {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      sessionId: c.id,
      serverTime: now(),
      heartbeatMs: options.heartbeatMs,
      limits: {
        maxSubscriptions: options.maxSubscriptions,
        maxMessageBytes: options.maxMessageBytes,
        maxMessagesPerSecond: options.maxMessagesPerSecond,
      },
    };
    fanout.enqueue(c, JSON.stringify(message));
    fanout.flush(c);
  };
  /** A token with an expiry closes its connection (1008) when it expires. */
  const closeOnExpiry = (c: Connection, exp: number | undefined): void => {
    if (exp === undefined) return;
    const timer = setTimeout(() => close(c, CloseCode.POLICY, 'token expired'), Math.max(0, exp * 1000 - now()));
    timer.unref();
    c.ws.once('close', () => clearTimeout(timer));
  };
  /** A closed socket leaves every channel and frees its slot. */
  const release = (c: Connection): void => {
    c.closed = true;
    for (const channel of c.channels) fanout.remove(c, channel);
    c.channels.clear();
    c.queue = [];
    c.queued = 0;
    fanout.release(c);
    idle.forget(c);
    connections.delete(c);
    metrics.connections.set(connections.size);
    if (connections.size === 0) onEmpty?.();
  };

  const onConnection = (ws: WebSocket, auth: Connection['auth'], socket: Duplex, ip: string): void => {
    const c = createConnection(randomUUID(), ws, auth, options.maxMessagesPerSecond, now(), socket);
    const openedAt = now();
    connections.add(c);
    logger.info({ session: c.id, ip, ...(auth === null ? {} : { sub: auth.sub }) }, 'connected');
    metrics.connections.set(connections.size);
    welcome(c);
    closeOnExpiry(c, auth?.exp);
    ws.on('message', (data, isBinary) => onMessage(c, data, isBinary));
    ws.on('pong', () => void (c.missedPongs = 0));
    ws.on('error', (err) => logger.debug({ err, session: c.id }, 'socket error'));
    ws.on('close', (code, reason) => {
      logger.info({ session: c.id, code, reason: reason.toString(), ms: now() - openedAt }, 'closed');
      release(c);
    });
  };

  const refuseWhileDraining = (socket: Duplex): void =>
    refuseUpgrade(socket, { ok: false, status: 503, code: 'UNAVAILABLE', message: 'server is shutting down, retry later' });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (draining) return refuseWhileDraining(socket);
    const ip = clientIp(req, options.trustProxyHops ?? 0);
    if (!ipLimiter.admits(ip)) {
      logger.warn({ ip, limit: options.maxConnectionsPerIp }, 'rate limited: connections per IP');
      return refuseUpgrade(socket, PER_IP_REFUSAL);
    }
    // NOTE: a handshake counts from here (the token check is async), so a burst cannot overshoot;
    // the socket's close releases it, whether refused, failed or closed after a session.
    ipLimiter.add(ip);
    socket.once('close', () => ipLimiter.remove(ip));
    socket.on('error', () => socket.destroy());
    void checkUpgrade(req, options, connections.size).then((verdict) => {
      if (socket.destroyed) return;
      if (!verdict.ok) {
        logger.info({ ip, status: verdict.status, reason: verdict.message }, 'upgrade refused');
        return refuseUpgrade(socket, verdict);
      }
      if (draining) return refuseWhileDraining(socket);
      if (!admission.take(now())) {
        return refuseUpgrade(socket, {
          ok: false,
          status: 503,
          code: 'UNAVAILABLE',
          message: 'too many new connections this second, retry later',
        });
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, verdict.auth, socket, ip));
    });
  };

  const stopHeartbeat = startHeartbeat({
    connections,
    heartbeatMs: options.heartbeatMs,
    fanout,
    metrics,
    now,
    beforeBeat: (c, at) => idle.check(c, at),
  });

  return {
    attach: (server) => void server.on('upgrade', onUpgrade),
    connectionCount: () => connections.size,
    subscriptionCount: () => fanout.subscriptionCount(),
    backlog() {
      let messages = 0;
      let bytes = 0;
      for (const c of connections) {
        if (c.closed) continue;
        messages = Math.max(messages, c.queued);
        bytes = Math.max(bytes, c.ws.bufferedAmount);
      }
      return { messages, bytes };
    },
    closeAll(code, reason) {
      for (const c of connections) close(c, code, reason);
    },
    async drain(code, reason, spreadMs, graceMs = 3000) {
      draining = true;
      await drainInBatches(connections, (c) => close(c, code, reason), { spreadMs });
      if (connections.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          onEmpty = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      for (const c of connections) c.ws.terminate();
    },
    stop() {
      stopHeartbeat();
      freshness.stop();
      for (const c of connections) c.ws.terminate();
    },
  };
}
