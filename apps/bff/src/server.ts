import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { channelSymbol, CloseCode, readChannel, RestErrorCode } from '@candlewire/protocol';
import { Hono } from 'hono';
import { pino, type Logger } from 'pino';
import { createMemoryBroker } from './broker/memory';
import type { Broker, SnapshotSeeder } from './broker/types';
import type { Config } from './config';
import { createGateway } from './gateway';
import { createInterest } from './interest';
import { createMetrics } from './metrics';
import { createPipeline } from './pipeline';
import { createPulse, withSnapshotHook } from './pulse';
import { resolveThresholds } from './pulse/thresholds';
import { createRestApp } from './rest';
import { createSessionScheduler } from './scheduler';
import { selectSource } from './select-source';
import { createDelegate, createReplayRoutes, createSwappableBroker } from './sources/replay';
import { describeSources } from './sources/router';
import type { MarketSource } from './sources/types';

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

/** At `--speed max`, a replay holds back while one client has this many messages queued… */
const REPLAY_MAX_QUEUED = 2000;
/** …or this many bytes unsent in its socket. */
const REPLAY_MAX_BUFFERED = 1024 * 1024;

const here = dirname(fileURLToPath(import.meta.url));

function findWebDist(config: Config): string | undefined {
  const candidates = config.WEB_DIST !== undefined ? [config.WEB_DIST] : [resolve(here, '../../web/dist'), resolve(process.cwd(), 'apps/web/dist')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html')));
}

/** Builds and starts the BFF on `config.PORT` (0 = any free port). */
export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const logger = overrides.logger ?? pino({ level: config.LOG_LEVEL, base: { service: 'candlewire-bff' } });
  const startedAt = Date.now();
  const metrics = createMetrics();
  const { source, replay, recorder } = selectSource(config, overrides.source, logger);
  // NOTE: the broker seeds channel snapshots from the pipeline, which publishes into the broker;
  // the seeder only runs once both exist. Seeding holds the symbol's interest, so an on-demand
  // symbol is subscribed upstream and loaded before its first snapshot is read.
  const seeder: SnapshotSeeder = async (channel) => {
    const symbol = channelSymbol(readChannel(channel));
    const release = symbol === undefined || pipeline.instrument(symbol) === undefined ? null : interest.retain(symbol, `prepare:${channel}`);
    try {
      return await pipeline.seedSnapshot(channel);
    } finally {
      release?.();
    }
  };
  const makeBroker = (): Broker => overrides.broker?.(seeder) ?? createMemoryBroker({ historyMinUpdates: config.HISTORY_MIN_UPDATES, historyMinMs: config.HISTORY_MIN_MS, seeder });
  // NOTE: a replay's backwards seek restarts broker and pipeline (new epoch): both sit behind stand-ins.
  const swappable = replay === null ? null : createSwappableBroker(makeBroker);
  const broker = swappable ?? makeBroker();
  const makePipeline = () =>
    createPipeline({ source, broker, throttleMs: config.THROTTLE_MS, emptyBuckets: config.EMPTY_BUCKETS, ...(replay === null ? {} : { now: () => replay.clock() }) });
  let currentPipeline = makePipeline();
  const pipeline = replay === null ? currentPipeline : createDelegate(() => currentPipeline);
  const interest = createInterest({
    broker,
    graceMs: config.INTEREST_GRACE_MS,
    onFirst(symbol) {
      if (!source.isOnDemand(symbol)) return;
      source.subscribe([symbol]);
      pipeline.activate(symbol).catch((err: unknown) => logger.warn({ err, symbol }, 'could not load symbol'));
    },
    onLast(symbol) {
      if (!source.isOnDemand(symbol)) return;
      source.unsubscribe([symbol]);
      pipeline.deactivate(symbol);
    },
  });

  // NOTE: the scheduler runs on the wall clock; a replay's recorded sessions keep their own close.
  const scheduler = replay === null ? createSessionScheduler({ logger }) : null;
  let ready = false;
  const readyPromise = pipeline.start().then(() => {
    ready = true;
    if (scheduler !== null) {
      const markets = new Set(pipeline.instruments().filter((i) => !source.alwaysTrading(i.symbol)).map((i) => i.market));
      for (const market of markets) scheduler.onEndOfDay(market, () => logger.info({ market, candles: pipeline.finalizeDay(market) }, 'day finalized'));
      if (markets.size > 0) scheduler.start();
    }
    logger.info({ instruments: pipeline.instruments().length, ms: Date.now() - startedAt }, 'pipeline ready');
  });

  // NOTE: the pulse reads the gateway's connection count (only once running); the gateway calls its snapshot hook.
  const pulse = createPulse({
    broker,
    pipeline,
    source,
    connections: () => gateway.connectionCount(),
    thresholds: config.ALERT_THRESHOLDS ?? resolveThresholds({}),
    logger,
    retain: (symbol, owner) => interest.retain(symbol, owner),
  });
  const gateway = createGateway({
    broker: withSnapshotHook(broker, (channel) => pulse.beforeSnapshot(channel)),
    metrics,
    logger,
    isKnownSymbol: (symbol) => pipeline.instrument(symbol) !== undefined,
    allowedOrigins: config.ALLOWED_ORIGINS,
    authSecret: config.AUTH_SECRET,
    maxConnections: config.MAX_CONNECTIONS,
    heartbeatMs: config.HEARTBEAT_MS,
    flushMs: config.FLUSH_MS,
    maxSubscriptions: config.MAX_SUBSCRIPTIONS,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    maxMessagesPerSecond: config.MAX_MESSAGES_PER_SECOND,
    maxBufferedBytes: config.MAX_BUFFERED_BYTES,
  });

  const api = createRestApp({
    pipeline,
    source,
    sourceStatus: () => describeSources(source, pipeline.symbolStates()),
    metrics,
    startedAt,
    connections: () => gateway.connectionCount(),
    subscriptions: () => gateway.subscriptionCount(),
    channels: () => broker.channelCount(),
    isReady: () => ready,
  });
  if (replay !== null && swappable !== null) {
    replay.setBackpressure(() => {
      const { messages, bytes } = gateway.backlog();
      return messages > REPLAY_MAX_QUEUED || bytes > REPLAY_MAX_BUFFERED;
    });
    replay.onRewind(async () => {
      // NOTE: clients go first (1012, they resume and get recovered:false), then the streams restart.
      gateway.closeAll(CloseCode.RESTART, 'replay rewound: resubscribe');
      currentPipeline.stop();
      swappable.swap();
      currentPipeline = makePipeline();
      await currentPipeline.start();
      logger.info({ position: replay.clock() }, 'replay rewound');
    });
  }
  const app = new Hono().route('/', api).route('/', createReplayRoutes(replay));
  const webDist = findWebDist(config);
  if (webDist !== undefined) {
    app.use('/*', serveStatic({ root: webDist }));
    app.get('/*', serveStatic({ root: webDist, path: 'index.html' }));
  }
  app.notFound((c) => c.json({ error: { code: RestErrorCode.NOT_FOUND, message: `no route ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    logger.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: { code: RestErrorCode.INTERNAL, message: 'internal error' } }, 500);
  });

  // NOTE: without TLS/HTTP2 options the adaptor returns a plain node:http server.
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  gateway.attach(server);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    ready: readyPromise,
    close() {
      closing ??= (async () => {
        interest.stop();
        pulse.stop();
        scheduler?.stop();
        pipeline.stop();
        await recorder?.close();
        gateway.closeAll(CloseCode.RESTART, 'server restart');
        server.close();
        server.closeIdleConnections();
        await new Promise((r) => setTimeout(r, 200));
        gateway.stop();
      })();
      return closing;
    },
  };
}
