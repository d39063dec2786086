import { startBffProcess } from './bff-process';
import { startTestRedis } from './redis-server';
const redis = await startTestRedis();
const env = { REDIS_URL: redis.url, ROLE: 'ingest', SIM_TRADES_PER_SEC: '10', LEASE_TTL_MS: '2000', LOG_LEVEL: 'info' };
const a = await startBffProcess({ ...env, NODE_ID: 'ingest-a' });
const b = await startBffProcess({ ...env, NODE_ID: 'ingest-b' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < 4; i++) {
  await sleep(2000);
  console.log(Date.now(), await redis.client.get('cw:lease:ingest'), await redis.client.hget('cw:{trades:AAPL}:meta', 'seq'));
}
await a.kill();
for (let i = 0; i < 8; i++) {
  await sleep(2000);
  console.log(Date.now(), await redis.client.get('cw:lease:ingest'), await redis.client.hget('cw:{trades:AAPL}:meta', 'seq'));
}
console.log(
  b
    .output()
    .split('\n')
    .filter((l) => !l.includes('FENCED'))
    .slice(-20)
    .join('\n'),
);
await b.stop();
await redis.close();
