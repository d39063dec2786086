import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

/** Parses repeated `--env K=V` bench options. */
export function envPairs(pairs: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((pairs ?? []).map((kv) => kv.split('=', 2) as [string, string]));
}

/**
 * Starts the built BFF (building it if missing) on a free port with the same Node flags as
 * `npm start` (`node-flags.json`) plus `nodeArgs`, and resolves once `/readyz` answers 200.
 */
export async function startBuiltBff(nodeArgs: readonly string[], env: Record<string, string>, onStdout?: (text: string) => void): Promise<{ child: ChildProcess; url: string }> {
  const main = resolve(root, 'apps/bff/dist/main.js');
  if (!existsSync(main)) execFileSync('npm', ['run', 'build', '-w', '@candlewire/bff'], { cwd: root, stdio: 'inherit' });
  const flags = JSON.parse(readFileSync(resolve(here, '../node-flags.json'), 'utf8')) as string[];
  const child = spawn(process.execPath, [...nodeArgs, ...flags, main], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      onStdout?.(String(d));
      out += String(d);
      const m = /running at (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1] !== undefined) ok(m[1]);
      else if (out.length > 10_000) out = out.slice(-1000);
    });
    child.once('exit', (code) => fail(new Error(`BFF exited with ${code}`)));
  });
  for (let i = 0; i < 200 && (await fetch(`${url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  return { child, url };
}
