import { existsSync } from 'node:fs';
import { ConfigError, helpText, loadConfig, type Config } from './config';
import { createLogger } from './logging';
import { startServer, type RunningServer } from './server';

/** NOTE: a stop must end the process within 10 s even if a peer never finishes its close handshake. */
const SHUTDOWN_DEADLINE_MS = 8000;
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Loads `ENV_FILE` (default `.env` in the working directory, if present); variables already set win. */
function loadEnvFile(): void {
  const file = process.env['ENV_FILE'] ?? '.env';
  if (process.env['ENV_FILE'] === undefined && !existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (err) {
    process.stderr.write(`candlewire: cannot read env file ${file}: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

function readConfig(argv: string[]): Config {
  try {
    return loadConfig(argv, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`candlewire: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  loadEnvFile();
  const config = readConfig(argv);
  const logger = createLogger(config.LOG_LEVEL);
  // NOTE: a parent that stops reading our stdout (a bench, a closed terminal) must not crash us.
  process.stdout.on('error', () => undefined);
  let server: RunningServer | undefined;
  let stopping: string | null = null;
  const stop = (why: string): void => {
    // NOTE: a container stop or a cgroup kill signals the wrapper and the BFF at once, and the
    // wrapper forwards its signal: every repeat is ignored (Node's default handler would kill
    // us mid-shutdown and clients would get 1006 instead of 1012). The deadline still holds.
    if (stopping !== null) {
      logger.info({ why, stopping }, 'already shutting down');
      return;
    }
    stopping = why;
    logger.info({ why }, 'shutting down: closing connections (1012)');
    setTimeout(() => {
      logger.warn({ ms: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed: exiting');
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    void server?.close().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
  // NOTE: `npm start`'s wrapper talks to us over an IPC channel; when it dies (even by SIGKILL)
  // the channel closes and we stop: the BFF never outlives `npm start`.
  if (process.channel !== undefined) {
    process.channel.unref();
    process.on('disconnect', () => stop('parent exited'));
  }
  // NOTE: the bench's memory probe: with `node --expose-gc`, SIGUSR2 runs a full collection so
  // RSS can be read without garbage in it. Without the flag the signal does nothing.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) process.on('SIGUSR2', () => gc());
  try {
    server = await startServer(config, { logger });
  } catch (err) {
    // NOTE: sources and routes are checked when the server builds them (a disabled source, a bad route).
    if (err instanceof ConfigError) {
      process.stderr.write(`candlewire: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // NOTE: launchers (tests, the bench) wait for this line, so it is printed at any LOG_LEVEL.
  logger.child({}, { level: 'info' }).info({ url: server.url }, `Candlewire is running at ${server.url}`);
  if (stopping !== null) {
    const why = stopping;
    stopping = null;
    stop(why);
  }
}

void main();
