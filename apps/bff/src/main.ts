import { ConfigError, helpText, loadConfig } from './config';
import { startServer } from './server';

/** NOTE: SIGTERM must end the process within 10 s even if a peer never finishes its close handshake. */
const SHUTDOWN_DEADLINE_MS = 8000;

/** A bad setting ends the process with its reason and exit code 2; anything else is rethrown. */
function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`candlewire: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  let config;
  try {
    config = loadConfig(argv, process.env);
  } catch (err) {
    exitOnConfigError(err);
  }
  // NOTE: a parent that stops reading our stdout (a bench, a closed terminal) must not crash us.
  process.stdout.on('error', () => undefined);
  let server;
  try {
    server = await startServer(config);
  } catch (err) {
    // NOTE: sources and routes are checked when the server builds them (a disabled source, a bad route).
    exitOnConfigError(err);
  }
  process.stdout.write(`Candlewire is running at ${server.url}\n`);
  const shutdown = (signal: string): void => {
    process.stdout.write(`${signal}: closing connections (1012)\n`);
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
    void server.close().then(() => process.exit(0));
  };
  // NOTE: the bench's memory probe: with `node --expose-gc`, SIGUSR2 runs a full collection so
  // RSS can be read without garbage in it. Without the flag the signal does nothing.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) process.on('SIGUSR2', () => gc());
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
