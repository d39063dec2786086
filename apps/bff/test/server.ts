import { loadConfig, type Config } from '../src/config';
import { startServer, type RunningServer, type ServerOverrides } from '../src/server';

/** A config for tests: port 0, loopback, silent logs, plus `env` overrides (as env var strings). */
export function testConfig(env: Record<string, string> = {}): Config {
  // NOTE: no history worker by default: its precomputation would cost every test server a core for a minute.
  return loadConfig([], {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    SIM_PRECOMPUTE: 'false',
    SIM_HISTORY_CACHE: 'off',
    SHUTDOWN_SPREAD_MS: '0',
    ...env,
  });
}

/** A started test server with its WebSocket URL. */
export interface TestServer extends RunningServer {
  wsUrl: string;
}

/** Starts a real BFF on port 0 and waits until it is ready. */
export async function startTestServer(env: Record<string, string> = {}, overrides: ServerOverrides = {}): Promise<TestServer> {
  const server = await startServer(testConfig(env), overrides);
  await server.ready;
  return { ...server, wsUrl: `${server.url.replace('http', 'ws')}/ws` };
}
