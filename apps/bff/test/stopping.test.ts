import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, listenerPid, parentPid, portIsFree, waitForExit } from './process-tree';
import { connectClient, type CloseInfo } from './ws-client';

/**
 * Black-box: however Candlewire is stopped, through `npm start` (npm → sh → scripts/start.mjs →
 * BFF) or the production command (the built BFF alone), every client gets 1012, every process
 * exits within 10 s and the port is free.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const STOP_BUDGET_MS = 10_000;

interface Started {
  /** The process we spawned (npm, or the BFF for the production command). */
  launcher: ChildProcess;
  port: number;
  /** The process listening on the port. */
  bff: number;
  /** Every pid from the launcher down to the BFF. */
  chain: number[];
  closes: Promise<CloseInfo[]>;
}

const launched: ChildProcess[] = [];

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d);
      const m = /running at (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1] !== undefined) ok(m[1]);
    });
    child.once('exit', (code, signal) => fail(new Error(`exited early (${code ?? signal}): ${out.slice(-2000)}`)));
  });
}

async function launch(command: string, args: string[]): Promise<Started> {
  // NOTE: detached: the launcher leads a process group of its own, as a terminal's foreground job does.
  const launcher = spawn(command, args, {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_SPREAD_MS: '500', SIM_TRADES_PER_SEC: '5' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  launched.push(launcher);
  const url = await waitForUrl(launcher);
  const port = Number(new URL(url).port);
  const bff = listenerPid(port);
  if (bff === null || launcher.pid === undefined) throw new Error(`nobody listens on ${port}`);
  const chain = [bff];
  while (chain[0] !== launcher.pid) {
    const up = parentPid(chain[0] ?? 0);
    if (up === null || up <= 1) throw new Error(`${bff} is not below ${launcher.pid}`);
    chain.unshift(up);
  }
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const clients = await Promise.all([1, 2, 3].map(() => connectClient(wsUrl)));
  for (const c of clients) c.send({ op: 'subscribe', id: 1, channels: ['trades:AAPL'] });
  await Promise.all(clients.map((c) => c.waitFor((m) => m.type === 'subscribed')));
  return { launcher, port, bff, chain, closes: Promise.all(clients.map((c) => c.closed)) };
}

const npmStart = () => launch('npm', ['start', '--silent']);
const productionCommand = () => {
  const flags = JSON.parse(readFileSync(resolve(root, 'apps/bff/node-flags.json'), 'utf8')) as string[];
  return launch(process.execPath, [...flags, 'apps/bff/dist/main.js']);
};

/** The wrapper (`scripts/start.mjs`): the BFF's parent. */
const wrapperOf = (s: Started): number => s.chain.at(-2) ?? 0;

async function expectCleanStop(s: Started): Promise<void> {
  const started = performance.now();
  const closes = await s.closes;
  expect(closes.map((c) => c.code)).toEqual([1012, 1012, 1012]);
  await waitForExit(s.chain, STOP_BUDGET_MS);
  expect(performance.now() - started).toBeLessThan(STOP_BUDGET_MS);
  expect(await portIsFree(s.port)).toBe(true);
}

describe('stopping', { timeout: 60_000 }, () => {
  beforeAll(() => {
    // NOTE: `start.mjs --help` builds whatever is stale (web app, BFF), then prints the help.
    const built = spawnSync(process.execPath, ['scripts/start.mjs', '--help'], { cwd: root, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  }, 240_000);
  afterEach(() => {
    for (const child of launched.splice(0)) if (child.pid !== undefined && isAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  });

  it('npm start: Ctrl-C (SIGINT to the foreground process group)', async () => {
    const s = await npmStart();
    expect(s.chain.length).toBeGreaterThanOrEqual(3);
    process.kill(-(s.launcher.pid ?? 0), 'SIGINT');
    await expectCleanStop(s);
  });

  it('npm start: SIGTERM to npm', async () => {
    const s = await npmStart();
    process.kill(s.launcher.pid ?? 0, 'SIGTERM');
    await expectCleanStop(s);
  });

  it('npm start: SIGKILL to npm', async () => {
    const s = await npmStart();
    process.kill(s.launcher.pid ?? 0, 'SIGKILL');
    await expectCleanStop(s);
  });

  it('npm start: SIGTERM to the wrapper', async () => {
    const s = await npmStart();
    process.kill(wrapperOf(s), 'SIGTERM');
    await expectCleanStop(s);
  });

  it('npm start: SIGKILL to the wrapper', async () => {
    const s = await npmStart();
    process.kill(wrapperOf(s), 'SIGKILL');
    await expectCleanStop(s);
  });

  it('npm start: SIGTERM to the BFF (the process listening on the port)', async () => {
    const s = await npmStart();
    process.kill(s.bff, 'SIGTERM');
    await expectCleanStop(s);
  });

  it('npm start: SIGTERM to every process at once (a container stop, a cgroup kill)', async () => {
    const s = await npmStart();
    for (const pid of s.chain) {
      // NOTE: a process of the chain may already be gone (npm ends its shell at once): as with a cgroup kill, that is fine.
      try {
        process.kill(pid, 'SIGTERM');
      } catch (err) {
        if (!(err instanceof Error && 'code' in err && err.code === 'ESRCH')) throw err;
      }
    }
    await expectCleanStop(s);
  });

  it('production command: SIGTERM, then SIGTERM and SIGINT again mid-shutdown', async () => {
    const s = await productionCommand();
    expect(s.chain).toEqual([s.bff]);
    process.kill(s.bff, 'SIGTERM');
    process.kill(s.bff, 'SIGTERM');
    process.kill(s.bff, 'SIGINT');
    await expectCleanStop(s);
  });
});
