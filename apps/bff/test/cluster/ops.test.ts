import { channel, updateOf, type ServerMessage } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis-server';
import { startTestServer, type TestServer } from '../server';
import { connectClient, type TestClient } from '../ws-client';
import { eventually } from './stream-checks';

let redis: TestRedis;
const servers: TestServer[] = [];
const clients: TestClient[] = [];
const start = async (env: Record<string, string>): Promise<TestServer> => {
  const s = await startTestServer({
    REDIS_URL: redis.url,
    SIM_TRADES_PER_SEC: '10',
    LEASE_TTL_MS: '2000',
    INTEREST_TTL_MS: '1500',
    ...env,
  });
  servers.push(s);
  return s;
};
const open = async (s: TestServer): Promise<TestClient> => {
  const c = await connectClient(s.wsUrl);
  clients.push(c);
  return c;
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
/** Parses Prometheus' text format (the lines this test reads: name, labels, value). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1] ?? '', l[2] ?? '']));
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return samples;
}
const scrape = async (s: TestServer): Promise<Sample[]> => parseMetrics(await (await fetch(`${s.url}/metrics`)).text());
const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined =>
  samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;

interface ClusterJson {
  role: string;
  leader: boolean | null;
  leaseHolder: string | null;
  redisRttMs: number | null;
  connected: boolean;
  backfills: number;
  reloads: number;
  publishErrors: number;
  connections: number | null;
}
const status = async (s: TestServer): Promise<ClusterJson> =>
  ((await (await fetch(`${s.url}/api/status`)).json()) as { cluster: ClusterJson }).cluster;

const MARKETS = channel.markets();
const marketsConnections = (messages: readonly ServerMessage[]): number | undefined => {
  const last = messages.filter(updateOf(MARKETS)).at(-1);
  return last?.data.connections;
};

let ingest: TestServer;
let gw1: TestServer;
let gw2: TestServer;
beforeAll(async () => {
  redis = await startTestRedis();
  ingest = await start({ ROLE: 'ingest', NODE_ID: 'ingest-1' });
  gw1 = await start({ ROLE: 'gateway', NODE_ID: 'gw-1' });
  gw2 = await start({ ROLE: 'gateway', NODE_ID: 'gw-2' });
  await eventually(async () => (await status(ingest)).leader === true, 'ingest-1 leads');
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  await redis.close();
});

describe('cluster operations', () => {
  it('/metrics shows role, lease, Redis round-trip, pub/sub lag and the counters, as /api/status does', async () => {
    const c = await open(gw1);
    c.send({ op: 'subscribe', id: 1, channels: [channel.trades('AAPL')] });
    await c.waitForCount(updateOf(channel.trades('AAPL')), 3, 20_000);
    const samples = await scrape(gw1);
    const json = await status(gw1);
    const after = await scrape(gw1);
    expect(value(samples, 'candlewire_cluster_role', { role: 'gateway', node: 'gw-1' })).toBe(1);
    expect(value(samples, 'candlewire_cluster_role', { role: 'ingest', node: 'gw-1' })).toBe(0);
    expect(value(samples, 'candlewire_cluster_leader')).toBe(0);
    expect(json.leaseHolder).toMatch(/^ingest-1#\d+$/);
    expect(value(samples, 'candlewire_cluster_lease_holder_info', { holder: json.leaseHolder ?? '' })).toBe(1);
    expect(value(samples, 'candlewire_cluster_redis_connected')).toBe(1);
    expect(value(samples, 'candlewire_cluster_redis_rtt_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'candlewire_cluster_pubsub_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'candlewire_cluster_redis_subscriptions')).toBeGreaterThanOrEqual(1);
    // The counters are the status's (read between two scrapes: they only grow).
    for (const [name, n] of [
      ['backfills', json.backfills],
      ['reloads', json.reloads],
      ['publish_errors', json.publishErrors],
    ] as const) {
      expect(value(samples, `candlewire_cluster_${name}_total`)).toBeLessThanOrEqual(n);
      expect(value(after, `candlewire_cluster_${name}_total`)).toBeGreaterThanOrEqual(n);
    }

    const lead = await scrape(ingest);
    expect(value(lead, 'candlewire_cluster_role', { role: 'ingest', node: 'ingest-1' })).toBe(1);
    expect(value(lead, 'candlewire_cluster_leader')).toBe(1);
    expect(value(lead, 'candlewire_cluster_publishes_total')).toBeGreaterThan(0);
    expect(value(lead, 'candlewire_cluster_publish_errors_total')).toBeGreaterThanOrEqual(0);
  }, 30_000);

  it('a process without Redis has no cluster series', async () => {
    const single = await startTestServer({ SIM_TRADES_PER_SEC: '10' });
    servers.push(single);
    const samples = await scrape(single);
    expect(samples.filter((s) => s.name.startsWith('candlewire_cluster_'))).toEqual([]);
    expect(value(samples, 'candlewire_connections')).toBe(0);
  });

  it("`markets` counts every gateway's connections, as announced in Redis", async () => {
    for (const c of clients.splice(0)) await c.close();
    const watcher = await open(gw2);
    watcher.send({ op: 'subscribe', id: 1, channels: [MARKETS] });
    const onGw1 = await Promise.all([open(gw1), open(gw1), open(gw1)]);
    await open(gw2);
    // 3 on gw-1, 2 on gw-2 (the watcher too); the ingest itself serves none.
    await eventually(() => marketsConnections(watcher.messages) === 5, 'markets says 5 connections');
    expect((await status(ingest)).connections).toBe(5);
    expect(value(await scrape(gw1), 'candlewire_cluster_connections')).toBe(5);
    await Promise.all(onGw1.slice(0, 2).map((c) => c.close()));
    await eventually(() => marketsConnections(watcher.messages) === 3, 'markets says 3 connections');
    // A gateway that stops takes its count with it.
    await gw1.close();
    await eventually(() => marketsConnections(watcher.messages) === 2, 'markets says 2 connections once gw-1 stopped');
  }, 40_000);
});
