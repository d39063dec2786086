import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** A BFF in a process of its own (from source, through tsx), for kill and restart tests. */
export interface BffProcess {
  url: string;
  wsUrl: string;
  pid: number;
  child: ChildProcess;
  /** Everything it printed. */
  output(): string;
  /** SIGKILL: no shutdown at all (a crash). */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<void>;
}

/** Starts `apps/bff/src/main.ts` with `env` and resolves once it says where it runs. */
export async function startBffProcess(env: Record<string, string>): Promise<BffProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'apps/bff/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
      SIM_PRECOMPUTE: 'false',
      SIM_HISTORY_CACHE: 'off',
      SHUTDOWN_SPREAD_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /running at (http:\/\/[^\s"]+)/.exec(out);
      if (match?.[1] !== undefined) resolveUrl(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    void exited.then(() => reject(new Error(`BFF exited before it was ready:\n${out.slice(-2000)}`)));
  });
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    await exited;
  };
  return {
    url,
    wsUrl: `${url.replace('http', 'ws')}/ws`,
    pid: child.pid ?? -1,
    child,
    output: () => out,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
