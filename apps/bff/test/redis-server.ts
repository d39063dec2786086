import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A real `redis-server` (Debian's binary) on a free port with a private data dir. */
export interface TestRedis {
  url: string;
  port: number;
  /** A command connection for assertions (PUBSUB, FLUSHALL, …). */
  client: Redis;
  /** Stops the server (SIGTERM; with AOF it persists), keeping the data dir. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data dir. */
  start(): Promise<void>;
  /** Stops it and removes the data dir. */
  close(): Promise<void>;
}

/** Options of the test server. */
export interface TestRedisOptions {
  /** Append-only file persistence (`appendfsync always`), so a restart keeps every write. */
  aof?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment of the Redis child: without libfaketime (the time matrix runs the suite under
 * `faketime`, which preloads it into every child). NOTE: Redis is a service beside the code under
 * test, not part of it; under a faked monotonic clock it never reports ready.
 */
function serviceEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key === 'LD_PRELOAD' || key.startsWith('FAKETIME')) delete env[key];
  return env;
}

/** Resolves once the server says it accepts connections (its own log line, no polling). */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${seen.slice(-500)}`)));
  });
}

/** Starts `redis-server` for a test. */
export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'candlewire-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.aof === true ? 'yes' : 'no',
    '--appendfsync',
    'always',
  ];
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'], env: serviceEnv() });
    await ready(child);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  client.on('error', () => undefined); // a test that stops the server sees the failed commands themselves
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client,
    stop,
    start,
    async close() {
      client.disconnect();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
