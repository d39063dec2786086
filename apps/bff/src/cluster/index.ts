import { hostname } from 'node:os';
import type { Channel } from '@candlewire/protocol';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisBroker, type RedisBroker, type RedisBrokerStats } from '../broker/redis';
import type { SnapshotSeeder } from '../broker/types';
import { announceConnections, liveGateways, sumConnections } from './connection-census';
import { createInterestAnnouncer, createInterestWatcher, registryKeys } from './interest-registry';
import { createLeaderGate } from './leader-gate';
import { createLeaderLease, type LeaderLease } from './lease';

/** What one process does: everything, or one side of a scale-out. */
export type Role = 'all' | 'ingest' | 'gateway';

/** Settings of the Redis side. */
export interface ClusterOptions {
  role: Role;
  redisUrl: string;
  /** Name of this process in the lease and the interest registry. */
  nodeId?: string;
  prefix?: string;
  seeder: SnapshotSeeder;
  historyMax?: number;
  historyMinUpdates?: number;
  historyMinMs?: number;
  leaseTtlMs?: number;
  interestTtlMs?: number;
  /** How long a gateway waits for the ingest to load a channel. */
  seedTimeoutMs?: number;
  /** A connection to Redis lost for longer than this makes the broker stale (clients told). */
  staleAfterMs?: number;
  logger: Logger;
}

/** Cluster state for `/api/status`, `/metrics` and `/readyz`. */
export interface ClusterStatus extends RedisBrokerStats {
  role: Role;
  nodeId: string;
  /** Whether this process leads (ingest), or null where no lease applies. */
  leader: boolean | null;
  leaseHolder: string | null;
  redisRttMs: number | null;
  /** Channels gateways announced (ingest) or this gateway announces. */
  interestChannels: number;
  /** Open connections over every live gateway (what the ingest publishes in `markets`); null where no registry applies (`ROLE=all`). */
  connections: number | null;
}

/** The broker of a process on Redis, with its role's machinery. */
export interface Cluster {
  broker: RedisBroker;
  /** Resolves once Redis answers. */
  ready(): Promise<void>;
  /** The process is ready to serve its role (an ingest: its pipeline runs): an ingest competes for the lease from now on. */
  start(): void;
  /** A gateway announces `count` (its open connections) in Redis from now on; elsewhere nothing. */
  announceConnections(count: () => number): void;
  /** Open connections of every other process that serves clients (the ingest's sum over gateways; 0 elsewhere). */
  connections(): number;
  status(): Promise<ClusterStatus>;
  close(): Promise<void>;
}

/** A default node id: host and pid. */
export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}`;
}

/** Builds the Redis broker for `role`: the ingest leads or stands by, the gateway announces its channels. */
export function createCluster(options: ClusterOptions): Cluster {
  const { role, redisUrl, logger } = options;
  const nodeId = options.nodeId ?? defaultNodeId();
  const prefix = options.prefix ?? 'cw';
  const keys = registryKeys(prefix);
  const control = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const sub = new Redis(redisUrl, { maxRetriesPerRequest: null });
  control.on('error', () => undefined);
  sub.on('error', () => undefined);
  const history = {
    historyMax: options.historyMax ?? 4000,
    historyMinUpdates: options.historyMinUpdates ?? 1000,
    historyMinMs: options.historyMinMs ?? 120_000,
  };
  const interestTtlMs = options.interestTtlMs ?? 10_000;
  const base = {
    url: redisUrl,
    prefix,
    ...history,
    ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
    onPublishError: (err: Error, channel: Channel) => logger.warn({ err: err.message, channel }, 'publish failed'),
  };
  const stops: (() => Promise<unknown>)[] = [];
  let broker: RedisBroker;
  let leader: () => boolean | null = () => null;
  let interestChannels = (): number => 0;
  let begin = (): void => undefined;
  let census = (_count: () => number): void => undefined;
  let others = (): number => 0;
  const totalConnections = async (): Promise<number | null> =>
    role === 'all' ? null : sumConnections(control, keys, await liveGateways(control, keys, interestTtlMs, Date.now()));

  if (role === 'gateway') {
    const announcer = createInterestAnnouncer({ redis: control, keys, nodeId, ttlMs: interestTtlMs });
    broker = createRedisBroker({
      ...base,
      // NOTE: the leader retakes its lease within about a renewal (ttl / 3) of Redis being back.
      leaderWaitMs: (options.leaseTtlMs ?? 3000) + 2000,
      requestSeed: (channel) => announcer.hold(channel),
      seedTimeoutMs: options.seedTimeoutMs ?? 15_000,
    });
    const held = new Map<Channel, () => void>();
    broker.onInterest((channel, interested) => {
      if (interested) held.set(channel, announcer.hold(channel));
      else held.get(channel)?.();
      if (!interested) held.delete(channel);
    });
    interestChannels = () => announcer.channels().length;
    census = (count) => {
      const c = announceConnections({ redis: control, keys, nodeId, count });
      stops.unshift(() => c.stop());
    };
    stops.push(() => announcer.stop());
  } else if (role === 'ingest') {
    // NOTE: an ingest competes for the lease only once its pipeline runs (start()): a process
    // still loading would take the lease and then lose it to its own blocked event loop.
    let lease: LeaderLease | null = null;
    // NOTE: a FENCED publish means the lease lapsed while this process still led (a starved event
    // loop renews late): check it at once rather than at the next renewal, so the gate stands by
    // and holds; what was fenced is in the gate's trail and goes out again when it leads once more.
    let checking = false;
    const onFenced = (): void => {
      if (checking || lease === null) return;
      checking = true;
      void lease.tick().finally(() => (checking = false));
    };
    const gate = createLeaderGate({
      broker: createRedisBroker({
        ...base,
        onPublishError: (err, channel) => {
          base.onPublishError(err, channel);
          if (err.message.includes('FENCED')) onFenced();
        },
        seeder: options.seeder,
        fencingToken: () => lease?.token() ?? `${nodeId}#none`,
      }),
      // NOTE: renew first: a lease that expired while Redis was away makes this a new tenure (onChange).
      onReconnect: () =>
        void lease?.tick().then(() => {
          if (lease?.isLeader() === true) return gate.lead();
        }),
    });
    broker = gate;
    begin = () => {
      lease ??= createLeaderLease({
        redis: control,
        key: `${prefix}:lease:ingest`,
        nodeId,
        ttlMs: options.leaseTtlMs ?? 3000,
        onChange: (leads) => {
          logger.info({ nodeId, leader: leads }, leads ? 'ingest leads' : 'ingest stands by');
          if (!leads) return gate.standBy();
          // A new leader loads what gateways wait for (a standby's seeds are fenced).
          void gate.lead().then(() => {
            for (const channel of watcher.channels()) seed(channel);
          });
        },
      });
    };
    // Gateways' interest drives this process's upstream, pulse and history loading.
    const held = new Map<Channel, () => void>();
    const seed = (channel: Channel): void =>
      void gate.seed(channel).catch((err: unknown) => logger.warn({ err, channel }, 'could not load channel'));
    const watcher = createInterestWatcher({
      redis: control,
      sub,
      keys,
      ttlMs: interestTtlMs,
      onChange(channel, interested) {
        if (!interested) {
          held.get(channel)?.();
          held.delete(channel);
          return;
        }
        held.set(channel, gate.hold(channel));
        if (lease?.isLeader() === true) seed(channel);
      },
    });
    leader = () => lease?.isLeader() ?? false;
    interestChannels = () => watcher.channels().size;
    others = () => watcher.connections();
    stops.push(
      () => watcher.stop(),
      async () => lease?.stop(),
    );
  } else {
    broker = createRedisBroker({ ...base, seeder: options.seeder });
  }

  return {
    broker,
    ready: () => broker.ping().then(() => undefined),
    start: () => begin(),
    announceConnections: (count) => census(count),
    connections: () => others(),
    async status() {
      const rtt = await broker.ping().catch(() => null);
      const holder = await control.get(`${prefix}:lease:ingest`).catch(() => null);
      const connections = await totalConnections().catch(() => null);
      return {
        role,
        nodeId,
        leader: leader(),
        leaseHolder: holder,
        redisRttMs: rtt,
        interestChannels: interestChannels(),
        connections,
        ...broker.stats(),
      };
    },
    async close() {
      for (const stop of stops) await stop().catch(() => undefined);
      await broker.close();
      await Promise.allSettled([control.quit(), sub.quit()]);
    },
  };
}
