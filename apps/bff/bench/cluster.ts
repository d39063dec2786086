/**
 * `npm run bench -- --cluster`: the system under test as a cluster: Debian's redis-server on a
 * private port and temp data dir, one `ROLE=ingest` and two `ROLE=gateway` built BFFs on it.
 * The bench splits its clients across the gateways and counts every process's CPU.
 */
import { Redis } from 'ioredis';
import { startTestRedis } from '../test/redis-server';
import { startBuiltBff, type Started } from './start-bff';

/** What a measurement runs against: the gateways clients connect to, and the other processes whose CPU counts. */
export interface Target {
  /** Serve the clients (the bench splits them across these) and hold their memory. */
  gateways: Started[];
  /** Further processes of the system (ingest, Redis): counted in server CPU. */
  others: { name: string; pid: number; url?: string }[];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stops a started server (SIGTERM) and waits for its exit. */
export async function stopStarted(s: Started): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((ok) => s.child.once('exit', ok));
  s.child.kill('SIGTERM');
  await exited;
}

/** One process serving everything (the default deployment). */
export function singleTarget(s: Started): Target {
  return { gateways: [s], others: [], stop: () => stopStarted(s) };
}

/** Waits (polling, at most 30 s) until Redis names a leader of the ingest lease. */
async function untilLeads(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  try {
    for (let i = 0; i < 300 && (await client.get('cw:lease:ingest')) === null; i++) await sleep(100);
  } finally {
    client.disconnect();
  }
}

/** Starts Redis (no persistence: the broker's own cost), one ingest that leads and `gateways` gateways. */
export async function startClusterTarget(nodeArgs: readonly string[], env: Record<string, string>, gateways = 2): Promise<Target> {
  const redis = await startTestRedis();
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.client.info('server'))?.[1] ?? 0);
  // NOTE: a 10 s lease (not 3 s) unless `--env LEASE_TTL_MS=…`: on a saturated machine the ingest's
  // renewals starve, the lease flaps and fenced publishes are lost (a 1,000-client run delivered
  // nothing that way); the bench measures throughput, the failover tests measure takeovers.
  const common = { LEASE_TTL_MS: '10000', ...env, REDIS_URL: redis.url };
  const started: Started[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map(stopStarted));
    await redis.close();
  };
  try {
    const ingest = await startBuiltBff(nodeArgs, { ...common, ROLE: 'ingest', NODE_ID: 'bench-ingest' });
    started.push(ingest);
    await untilLeads(redis.url);
    for (let i = 1; i <= gateways; i++)
      started.push(await startBuiltBff(nodeArgs, { ...common, ROLE: 'gateway', NODE_ID: `bench-gw-${i}` }));
    return {
      gateways: started.slice(1),
      others: [
        { name: 'ingest', pid: ingest.child.pid ?? 0, url: ingest.url },
        { name: 'redis', pid: redisPid },
      ],
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
