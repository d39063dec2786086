/**
 * `npm run bench:redis -w @candlewire/bff -- --trades-per-sec 30 --seconds 20`
 * What one channel update costs Redis: starts Debian's redis-server on a free port and one
 * `ROLE=ingest` BFF (the built one) on it, waits until it leads and publishes, then reads Redis's
 * own counters over `--seconds`: publishes (EVALSHA calls) per second, Redis commands, bytes in
 * and out and Redis CPU time per publish, and memory held per channel.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startTestRedis } from '../test/redis-server';
import { startBuiltBff } from './start-bff';

const { values: args } = parseArgs({
  options: {
    'trades-per-sec': { type: 'string', default: '30' },
    seconds: { type: 'string', default: '20' },
    gateways: { type: 'string', default: '2' },
  },
});

const num = (re: RegExp, text: string): number => Number(re.exec(text)?.[1] ?? 0);
async function counters(client: Redis): Promise<{ cmds: number; inB: number; outB: number; calls: number; usec: number; cpu: number }> {
  const [stats, commands, cpu] = await Promise.all([client.info('stats'), client.info('commandstats'), client.info('cpu')]);
  return {
    cmds: num(/total_commands_processed:(\d+)/, stats),
    inB: num(/total_net_input_bytes:(\d+)/, stats),
    outB: num(/total_net_output_bytes:(\d+)/, stats),
    calls: num(/cmdstat_evalsha:calls=(\d+)/, commands),
    usec: num(/cmdstat_evalsha:calls=\d+,usec=(\d+)/, commands),
    cpu: num(/used_cpu_user:([\d.]+)/, cpu) + num(/used_cpu_sys:([\d.]+)/, cpu),
  };
}

const redis = await startTestRedis();
const env = { REDIS_URL: redis.url, SIM_TRADES_PER_SEC: args['trades-per-sec'], SIM_PRECOMPUTE: 'false' };
const ingest = await startBuiltBff([], { ...env, ROLE: 'ingest', NODE_ID: 'bench-ingest' });
// NOTE: gateways subscribe in pub/sub only to what their clients hold; here each holds every channel's pub/sub through a pattern-free SUBSCRIBE of all trades/quote channels, as a worst case.
const subs = Array.from({ length: Number(args.gateways) }, () => new Redis(redis.url));
const channels = (await redis.client.keys('cw:{*}:meta')).map((k) => k.replace(/:meta$/, ':pub'));
for (let wait = 0; channels.length === 0 && wait < 600; wait++) {
  await new Promise((r) => setTimeout(r, 100));
  channels.push(...(await redis.client.keys('cw:{*}:meta')).map((k) => k.replace(/:meta$/, ':pub')));
}
await Promise.all(subs.map((s) => s.subscribe(...channels)));
await new Promise((r) => setTimeout(r, 3000));
const a = await counters(redis.client);
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(args.seconds) * 1000));
const b = await counters(redis.client);
const dt = (performance.now() - t0) / 1000;
const calls = b.calls - a.calls;
const memory = num(/used_memory:(\d+)/, await redis.client.info('memory'));
const row = {
  tradesPerSecPerSymbol: Number(args['trades-per-sec']),
  publishesPerSec: Math.round(calls / dt),
  commandsPerPublish: +((b.cmds - a.cmds) / calls).toFixed(2),
  bytesInPerPublish: Math.round((b.inB - a.inB) / calls),
  bytesOutPerPublish: Math.round((b.outB - a.outB) / calls),
  gatewaySubscribers: subs.length,
  scriptUsecPerPublish: +((b.usec - a.usec) / calls).toFixed(1),
  redisCpuPercent: Math.round(((b.cpu - a.cpu) / dt) * 100),
  channels: channels.length,
  memoryPerChannelKB: Math.round(memory / channels.length / 1024),
};
console.log(JSON.stringify(row));
for (const s of subs) s.disconnect();
ingest.child.kill('SIGTERM');
await new Promise((r) => ingest.child.once('exit', r));
await redis.close();
