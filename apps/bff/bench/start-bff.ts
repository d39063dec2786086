import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

/** A server the bench started. */
export interface Started {
  child: ChildProcess;
  url: string;
}

/** Parses repeated `--env K=V` bench options. */
export function envPairs(pairs: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((pairs ?? []).map((kv) => kv.split('=', 2) as [string, string]));
}

/** Spawns `args` with `env` and resolves with the URL it prints ("running at http://…"). */
function spawnServer(args: readonly string[], env: Record<string, string>, onStdout?: (text: string) => void): Promise<Started> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<Started>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      onStdout?.(String(d));
      out += String(d);
      const m = /running at (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1] !== undefined) ok({ child, url: m[1] });
      else if (out.length > 10_000) out = out.slice(-1000);
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
}

/**
 * Starts the built BFF (building it if missing) on a free port with the same Node flags as
 * `npm start` (`node-flags.json`) plus `nodeArgs`, and resolves once `/readyz` answers 200.
 */
export async function startBuiltBff(
  nodeArgs: readonly string[],
  env: Record<string, string>,
  onStdout?: (text: string) => void,
): Promise<Started> {
  const main = resolve(root, 'apps/bff/dist/main.js');
  if (!existsSync(main)) execFileSync('npm', ['run', 'build', '-w', '@candlewire/bff'], { cwd: root, stdio: 'inherit' });
  const flags = JSON.parse(readFileSync(resolve(here, '../node-flags.json'), 'utf8')) as string[];
  const started = await spawnServer([...nodeArgs, ...flags, main], env, onStdout);
  for (let i = 0; i < 200 && (await fetch(`${started.url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  return started;
}

/** The peer servers the bench can run beside the BFF. */
export const PEERS = { ws: 'peers/ws-peer.ts', 'socket.io': 'peers/socket-io-peer.ts' } as const;
/** A peer's name. */
export type Peer = keyof typeof PEERS;

/** Starts a peer server (same Node flags as the BFF, same simulated feed). */
export function startPeer(peer: Peer, nodeArgs: readonly string[], env: Record<string, string>): Promise<Started> {
  const flags = JSON.parse(readFileSync(resolve(here, '../node-flags.json'), 'utf8')) as string[];
  return spawnServer([...nodeArgs, ...flags, '--import', 'tsx', resolve(here, PEERS[peer])], env);
}
