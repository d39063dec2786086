import { Gauge, type Registry } from 'prom-client';
import type { Cluster, ClusterStatus } from '.';
import { totalCounter } from '../metrics/totals';

/** The cluster's Prometheus series, set from the same status `/api/status` shows. */
export interface ClusterMetrics {
  /** Sets every series from `status` (called on each scrape). */
  observe(status: ClusterStatus): void;
}

const ROLES = ['all', 'ingest', 'gateway'] as const;

/** Registers the `candlewire_cluster_*` series on `registry` (only a process on Redis has them). */
export function createClusterMetrics(registry: Registry): ClusterMetrics {
  const opts = { registers: [registry] };
  const gauge = (name: string, help: string) => new Gauge({ name: `candlewire_cluster_${name}`, help, ...opts });
  const total = (name: string, help: string) => totalCounter(registry, `candlewire_cluster_${name}_total`, help);
  const role = new Gauge({
    name: 'candlewire_cluster_role',
    help: '1 for the role this process runs (all, ingest, gateway), 0 for the others',
    labelNames: ['role', 'node'],
    ...opts,
  });
  const holder = new Gauge({
    name: 'candlewire_cluster_lease_holder_info',
    help: 'The ingest lease as Redis has it (node#fencing token; always 1, absent when nobody holds it)',
    labelNames: ['holder'],
    ...opts,
  });
  const leader = gauge('leader', '1 while this process holds the ingest lease (a gateway: always 0)');
  const connected = gauge('redis_connected', '1 while both Redis connections (commands, pub/sub) are ready');
  const rtt = gauge('redis_rtt_seconds', 'Round-trip time of a Redis PING at the last scrape (NaN when Redis did not answer)');
  const lag = gauge('pubsub_lag_seconds', 'Publish-to-receive time of the last pub/sub message (includes clock skew across machines)');
  const subscriptions = gauge('redis_subscriptions', 'Redis pub/sub channels this process is subscribed to');
  const interest = gauge('interest_channels', 'Channels gateways announce (ingest: the union; gateway: its own)');
  const connections = gauge('connections', 'Open connections over every live gateway, as announced in Redis');
  const publishes = total('publishes', 'Channel updates this process sent to Redis');
  const publishErrors = total('publish_errors', 'Publishes Redis refused or that failed (Redis down, fenced)');
  const backfills = total('backfills', 'Pub/sub gaps filled from the history stream');
  const reloads = total('reloads', 'Replicas reloaded whole (history trimmed past a gap, or a new epoch)');
  return {
    observe(status) {
      for (const r of ROLES) role.set({ role: r, node: status.nodeId }, r === status.role ? 1 : 0);
      holder.reset();
      if (status.leaseHolder !== null) holder.set({ holder: status.leaseHolder }, 1);
      leader.set(status.leader === true ? 1 : 0);
      connected.set(status.connected ? 1 : 0);
      rtt.set(status.redisRttMs === null ? NaN : status.redisRttMs / 1000);
      lag.set(status.pubsubLagMs / 1000);
      subscriptions.set(status.subscriptions);
      interest.set(status.interestChannels);
      if (status.connections !== null) connections.set(status.connections);
      publishes.set(status.publishes);
      publishErrors.set(status.publishErrors);
      backfills.set(status.backfills);
      reloads.set(status.reloads);
    },
  };
}

/** `/api/status`'s cluster object and the same status as `/metrics` series (one source for both). */
export function clusterReports(
  cluster: Cluster,
  registry: Registry,
): { cluster: () => Promise<ClusterStatus>; collectMetrics: () => Promise<void> } {
  const series = createClusterMetrics(registry);
  return {
    cluster: () => cluster.status(),
    collectMetrics: async () => series.observe(await cluster.status()),
  };
}
