import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('loads settings from ENV_FILE, with variables already set winning', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-env-'));
  const file = join(dir, 'candlewire.env');
  writeFileSync(file, 'METRICS_ACCESS=off\nSIM_SEED=from-file\nPORT=1\n');
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, ENV_FILE: file, PORT: '0', WEB_DIST: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const m = /running at (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1] !== undefined) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  try {
    expect(new URL(url).port).not.toBe('1');
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});
