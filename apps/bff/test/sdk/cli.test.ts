import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server';

const root = resolve(import.meta.dirname, '../../../..');
const QUOTE_LINE = /^\d\d:\d\d:\d\d\.\d{3} quote:AAPL \d+(\.\d+)? [+-]\d+\.\d\d% bid [\d.]+ ask [\d.]+ \[(live|stale|closed)\]$/m;

describe('cli', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SIM_TRADES_PER_SEC: '20' });
  });
  afterAll(() => server.close());

  it('interactive: subscribe prints quote lines, status answers, quit exits 0', async () => {
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['packages/client/src/cli/main.ts', '--url', server.wsUrl, 'interactive'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdin.write('subscribe quote:AAPL\n');
    const deadline = Date.now() + 20_000;
    while ((out.match(new RegExp(QUOTE_LINE.source, 'gm')) ?? []).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(QUOTE_LINE);
    child.stdin.write('status\nquit\n');
    expect(await exited).toBe(0);
    expect(err).toMatch(/\[connected\] session/);
    expect(err).toMatch(/channels: quote:AAPL/);
    expect(err).toMatch(/\[offline\] stopped/);
  });
});
