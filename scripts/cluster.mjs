// `npm run cluster`: Redis, two ingests (leader + standby) and two gateways on this machine.
//   PORT=P npm run cluster   → gateways on http://127.0.0.1:P and :P+1 (default P = 8080)
// Ctrl-C or SIGTERM stops everything it started. Plain Node ESM, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const at = (...parts) => join(root, ...parts);
const basePort = Number(process.env.PORT ?? 8080);
const host = '127.0.0.1';
const redisBin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync) ?? 'redis-server';
const children = [];
let stopping = false;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once GET `url` answers (any status), polling every 100 ms for up to `ms`. */
function waitHttp(url, ms = 60_000) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = get(url, (res) => {
        res.resume();
        resolve();
      });
      req.on('error', () => (Date.now() > end ? reject(new Error(`${url} did not answer`)) : setTimeout(attempt, 100)));
    };
    attempt();
  });
}

function build() {
  for (const [out, args] of [
    [at('apps/web/dist/index.html'), ['npm', ['run', 'build', '-w', '@candlewire/web']]],
    [at('apps/bff/dist/main.js'), [process.execPath, [at('apps/bff/build.mjs')]]],
  ]) {
    if (existsSync(out) && process.env.CLUSTER_REBUILD !== '1') continue;
    const result = spawnSync(args[0], args[1], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

/** Starts one child in its own process group (signals reach it once, from here). */
function start(name, command, args, env = {}) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
    detached: true,
  });
  child.name = name;
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`[cluster] ${name} exited (${code ?? signal}); the others go on`);
  });
  return child;
}

const exited = (child) => child.exitCode !== null || child.signalCode !== null;
function stopChild(child, ms = 10_000) {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stopAll(dir, code) {
  if (stopping) return;
  stopping = true;
  console.log('[cluster] stopping');
  const [redis, ...bffs] = children;
  await Promise.all(bffs.map((c) => stopChild(c)));
  if (redis !== undefined) await stopChild(redis);
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

build();
const dir = mkdtempSync(join(tmpdir(), 'candlewire-cluster-'));
const redisPort = Number(process.env.CLUSTER_REDIS_PORT ?? (await freePort()));
const aof = process.env.CLUSTER_AOF ?? 'yes';
start('redis', redisBin, [
  '--port',
  String(redisPort),
  '--bind',
  host,
  '--dir',
  dir,
  '--save',
  '',
  '--appendonly',
  aof,
  '--appendfsync',
  'everysec',
]);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(dir, 0));
process.on('exit', () => children.forEach((c) => exited(c) || c.kill('SIGKILL')));

const redisUrl = `redis://${host}:${redisPort}`;
const nodeFlags = JSON.parse(readFileSync(at('apps/bff/node-flags.json'), 'utf8'));
const bff = (name, role, port) =>
  start(name, process.execPath, [...nodeFlags, at('apps/bff/dist/main.js')], {
    ROLE: role,
    REDIS_URL: redisUrl,
    PORT: String(port),
    HOST: host,
    NODE_ID: name,
  });
console.log(`redis ${redisUrl} (data ${dir})`);
const ingestPorts = [await freePort(), await freePort()];
ingestPorts.forEach((port, i) => bff(`ingest-${i + 1}`, 'ingest', port));
[basePort, basePort + 1].forEach((port, i) => bff(`gateway-${i + 1}`, 'gateway', port));
try {
  await Promise.all(ingestPorts.map((port) => waitHttp(`http://${host}:${port}/healthz`)));
  ingestPorts.forEach((port) => console.log(`ingest http://${host}:${port}`));
  await Promise.all([basePort, basePort + 1].map((port) => waitHttp(`http://${host}:${port}/healthz`)));
  for (const port of [basePort, basePort + 1]) console.log(`gateway http://${host}:${port}`);
} catch (err) {
  console.error(`[cluster] ${err.message}`);
  await stopAll(dir, 1);
}
