import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { channelSymbol, CloseCode, readChannel, RestErrorCode } from '@candlewire/protocol';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { accessPolicy, isSymbolVisible } from './auth';
import { createMemoryBroker } from './broker/memory';
import { createCluster, type Cluster } from './cluster';
import { createGatewayCandles } from './cluster/gateway-candles';
import type { Broker, SnapshotSeeder } from './broker/types';
import type { Config } from './config';
import { createLogger } from './logging';
import { createGateway } from './gateway';
import { createInterest } from './interest';
import { createMetrics, type Metrics } from './metrics';
import { clusterReports } from './cluster/metrics';
import { mountMiddleware, requestClaims } from './middleware';
import { createPipeline, type Pipeline } from './pipeline';
import { createPulse, withSnapshotHook } from './pulse';
import { resolveThresholds } from './pulse/thresholds';
import { createRestApp } from './rest';
import { createSessionScheduler, type SessionScheduler } from './scheduler';
import { selectSource } from './select-source';
import { extensionClock, type ExtensionHost, type SourceExtension } from './sources/extension';
import { describeSources } from './sources/router';
import type { MarketSource } from './sources/types';
import { createStreams } from './streams';

/** A running BFF. */
export interface RunningServer {
  url: string;
  port: number;
  /** Resolves when the pipeline has loaded and trades flow. */
  ready: Promise<void>;
  /** Graceful shutdown: clients get 1012, then the process may exit. */
  close(): Promise<void>;
}

/** Parts a test or an embedding may replace. */
export interface ServerOverrides {
  /** Replaces the sources of `SOURCE`/`ROUTES` (a router, or one source that gets wrapped in one). */
  source?: MarketSource;
  broker?: (seeder: SnapshotSeeder) => Broker;
  logger?: Logger;
}

const here = dirname(fileURLToPath(import.meta.url));

function findWebDist(config: Config): string | undefined {
  const candidates =
    config.WEB_DIST !== undefined ? [config.WEB_DIST] : [resolve(here, '../../web/dist'), resolve(process.cwd(), 'apps/web/dist')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html')));
}

/** The HTTP app: the contract's REST routes, the extensions' routes, the web app, and the contract's error bodies. */
function buildApp(
  api: Hono,
  extensions: readonly SourceExtension[],
  webDist: string | undefined,
  logger: Logger,
  config: Config,
  metrics: Metrics,
  access: ReturnType<typeof accessPolicy>,
): Hono {
  const app = new Hono();
  // NOTE: auth, Origin checks, security headers, CORS and request metrics cover every route below, wherever it is defined;
  // `access` is the gateway's too: one verifier, one JWKS cache.
  mountMiddleware(app, {
    ...access,
    metricsAccess: config.METRICS_ACCESS,
    publicOrigins: config.PUBLIC_ORIGIN,
    corsOrigins: config.CORS_ORIGINS,
    httpDuration: metrics.httpDuration,
    logger,
  });
  app.route('/', api);
  for (const extension of extensions) if (extension.routes !== undefined) app.route('/', extension.routes);
  // NOTE: an unknown /api/* path is a JSON 404, never the web app's index.html.
  app.all('/api/*', (c) => c.json({ error: { code: RestErrorCode.NOT_FOUND, message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  if (webDist !== undefined) {
    app.use('/*', serveStatic({ root: webDist }));
    app.get('/*', serveStatic({ root: webDist, path: 'index.html' }));
  }
  app.notFound((c) => c.json({ error: { code: RestErrorCode.NOT_FOUND, message: `no route ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    logger.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: { code: RestErrorCode.INTERNAL, message: 'internal error' } }, 500);
  });
  return app;
}

/** At each market's last close of the day, its forming `1d` candles are published closed. */
function scheduleEndOfDay(scheduler: SessionScheduler, pipeline: Pipeline, source: MarketSource, logger: Logger): void {
  const markets = new Set(
    pipeline
      .instruments()
      .filter((i) => !source.alwaysTrading(i.symbol))
      .map((i) => i.market),
  );
  for (const market of markets)
    scheduler.onEndOfDay(market, () => logger.info({ market, candles: pipeline.finalizeDay(market) }, 'day finalized'));
  if (markets.size > 0) scheduler.start();
}

/** Listens on `config.PORT`/`HOST`; resolves with the port and the URL clients use. */
async function listen(server: Server, config: Config): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/** Builds and starts the BFF on `config.PORT` (0 = any free port). */
export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const access = accessPolicy(config);
  const startedAt = Date.now();
  const metrics = createMetrics();
  const { source, extensions } = selectSource(config, overrides.source, logger);
  const clock = extensionClock(extensions);
  // NOTE: the broker seeds channel snapshots from the pipeline, which publishes into the broker;
  // the seeder only runs once both exist. Seeding holds the symbol's interest, so an on-demand
  // symbol is subscribed upstream and loaded before its first snapshot is read.
  const seeder: SnapshotSeeder = async (channel) => {
    const symbol = channelSymbol(readChannel(channel));
    const release =
      symbol === undefined || pipeline.instrument(symbol) === undefined ? null : interest.retain(symbol, `prepare:${channel}`);
    try {
      return await pipeline.seedSnapshot(channel);
    } finally {
      release?.();
    }
  };
  // NOTE: ROLE=gateway runs no pipeline (the ingest does); ROLE=ingest serves no clients.
  const runsPipeline = config.ROLE !== 'gateway';
  const servesClients = config.ROLE !== 'ingest';
  const cluster: Cluster | null =
    config.REDIS_URL === undefined || overrides.broker !== undefined
      ? null
      : createCluster({
          role: config.ROLE,
          redisUrl: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          seeder,
          historyMax: config.REDIS_HISTORY_MAX,
          historyMinUpdates: config.HISTORY_MIN_UPDATES,
          historyMinMs: config.HISTORY_MIN_MS,
          leaseTtlMs: config.LEASE_TTL_MS,
          interestTtlMs: config.INTEREST_TTL_MS,
          seedTimeoutMs: config.SEED_TIMEOUT_MS,
          staleAfterMs: config.REDIS_STALE_AFTER_MS,
          logger,
          ...(config.NODE_ID === undefined ? {} : { nodeId: config.NODE_ID }),
        });
  const streams = createStreams({
    makeBroker: () =>
      overrides.broker?.(seeder) ??
      cluster?.broker ??
      createMemoryBroker({ historyMinUpdates: config.HISTORY_MIN_UPDATES, historyMinMs: config.HISTORY_MIN_MS, seeder }),
    makePipeline: (broker) =>
      createPipeline({
        source,
        broker,
        throttleMs: config.THROTTLE_MS,
        emptyBuckets: config.EMPTY_BUCKETS,
        ...(clock === undefined ? {} : { now: clock }),
      }),
    restartable: extensions.some((e) => e.restartable === true),
  });
  const { broker, pipeline } = streams;
  const interest = createInterest({
    broker,
    graceMs: config.INTEREST_GRACE_MS,
    onFirst(symbol) {
      if (!runsPipeline || !source.isOnDemand(symbol)) return;
      source.subscribe([symbol]);
      pipeline.activate(symbol).catch((err: unknown) => logger.warn({ err, symbol }, 'could not load symbol'));
    },
    onLast(symbol) {
      if (!runsPipeline || !source.isOnDemand(symbol)) return;
      source.unsubscribe([symbol]);
      pipeline.deactivate(symbol);
    },
  });

  // NOTE: the scheduler runs on the wall clock; a source with a clock of its own has its sessions'
  // closes in its own candles.
  const scheduler = clock === undefined && runsPipeline ? createSessionScheduler({ logger }) : null;
  let ready = false;
  const started = runsPipeline ? pipeline.start() : (cluster?.ready() ?? Promise.resolve());
  const readyPromise = started.then(() => {
    ready = true;
    cluster?.start();
    if (scheduler !== null) scheduleEndOfDay(scheduler, pipeline, source, logger);
    logger.info({ instruments: pipeline.instruments().length, ms: Date.now() - startedAt }, 'pipeline ready');
  });

  // NOTE: the pulse reads the gateway's connection count (only once running); the gateway calls its snapshot hook.
  // A gateway runs no pulse: the ingest's reaches it through Redis.
  const pulse = !runsPipeline
    ? null
    : createPulse({
        broker,
        pipeline,
        source,
        // NOTE: on Redis the ingest serves no clients: `markets` counts every gateway's (announced in Redis).
        connections: () => gateway.connectionCount() + (cluster?.connections() ?? 0),
        thresholds: resolveThresholds(config.ALERT_THRESHOLDS ?? {}),
        logger,
        retain: (symbol, owner) => interest.retain(symbol, owner),
      });
  const gateway = createGateway({
    broker: pulse === null ? broker : withSnapshotHook(broker, (channel) => pulse.beforeSnapshot(channel)),
    ...(cluster === null ? {} : { signals: cluster.broker }),
    metrics,
    logger,
    isKnownSymbol: (symbol) => pipeline.instrument(symbol) !== undefined,
    ...access,
    maxConnections: config.MAX_CONNECTIONS,
    maxUpgradesPerSecond: config.MAX_UPGRADES_PER_SECOND,
    heartbeatMs: config.HEARTBEAT_MS,
    flushMs: config.FLUSH_MS,
    maxSubscriptions: config.MAX_SUBSCRIPTIONS,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    maxMessagesPerSecond: config.MAX_MESSAGES_PER_SECOND,
    maxBufferedBytes: config.MAX_BUFFERED_BYTES,
    maxConnectionsPerIp: config.MAX_CONNECTIONS_PER_IP,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    idleTimeoutMs: config.IDLE_TIMEOUT_MS,
    maxTotalBufferedBytes: config.MAX_TOTAL_BUFFERED_BYTES,
  });

  const api = createRestApp({
    // A gateway's candles: the source's history with what the ingest published on top (in Redis).
    pipeline:
      cluster === null || runsPipeline
        ? pipeline
        : { ...pipeline, candles: createGatewayCandles((...args) => pipeline.candles(...args), cluster.broker) },
    // NOTE: a gateway's market data comes through Redis, not its own (idle) source.
    source:
      cluster === null || runsPipeline
        ? source
        : { ...source, health: () => ({ state: cluster.broker.stats().connected ? 'live' : 'down', lastMessageAt: null }) },
    sourceStatus: () => describeSources(source, pipeline.symbolStates()),
    metrics,
    startedAt,
    connections: () => gateway.connectionCount(),
    subscriptions: () => gateway.subscriptionCount(),
    channels: () => broker.channelCount(),
    // NOTE: on Redis, a process that lost it is not ready (a load balancer moves traffic away).
    isReady: () => ready && (cluster === null || cluster.broker.stats().connected),
    ...(cluster === null ? {} : clusterReports(cluster, metrics.registry)),
    historyStartSec: config.HISTORY_START,
    symbolVisible: (c, symbol) => isSymbolVisible(requestClaims(c), symbol),
  });
  const extensionHost: ExtensionHost = {
    backlog: () => gateway.backlog(),
    async restartStreams(reason) {
      gateway.closeAll(CloseCode.RESTART, reason);
      await streams.restart();
    },
    logger,
  };
  for (const extension of extensions) extension.attach?.(extensionHost);
  cluster?.announceConnections(() => gateway.connectionCount());
  const app = buildApp(api, extensions, servesClients ? findWebDist(config) : undefined, logger, config, metrics, access);

  // NOTE: without TLS/HTTP2 options the adaptor returns a plain node:http server.
  // NOTE: a client must send its request headers (HTTP or the upgrade) within HANDSHAKE_TIMEOUT_MS;
  // Node checks that every connectionsCheckingInterval, so the interval follows the timeout.
  const serverOptions = {
    headersTimeout: config.HANDSHAKE_TIMEOUT_MS,
    requestTimeout: Math.max(config.HANDSHAKE_TIMEOUT_MS, 300_000),
    connectionsCheckingInterval: Math.min(1000, config.HANDSHAKE_TIMEOUT_MS),
  };
  const server = createAdaptorServer({ fetch: app.fetch, serverOptions }) as Server;
  if (servesClients) gateway.attach(server);
  const { port, url } = await listen(server, config);

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    ready: readyPromise,
    close() {
      closing ??= (async () => {
        // NOTE: stop listening first: the port is free for the next process at once, and clients
        // that reconnect early are refused and back off. Clients still connected keep their data
        // until their batch of 1012 closes goes out.
        server.close();
        server.closeIdleConnections();
        await gateway.drain(CloseCode.RESTART, 'server restart', config.SHUTDOWN_SPREAD_MS);
        interest.stop();
        pulse?.stop();
        scheduler?.stop();
        if (runsPipeline) pipeline.stop();
        for (const extension of extensions) await extension.close?.();
        gateway.stop();
        server.closeAllConnections();
        await cluster?.close();
      })();
      return closing;
    },
  };
}
