import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channel, updateOf } from '@candlewire/protocol';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../../config';
import { startTestServer } from '../../../test/server';
import { connectClient } from '../../../test/ws-client';
import { parseRecording, RecordingError } from '../replay';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'candlewire-rec-'));

describe('--record', () => {
  it('writes a header and every event the source delivered, with receive times, flushed on close', async () => {
    const file = join(tmp(), 'session.ndjson');
    const server = await startTestServer({ RECORD_FILE: file, SIM_SEED: 'record-test' });
    const client = await connectClient(server.wsUrl);
    const trades = channel.trades('BTC-USDT');
    client.send({ op: 'subscribe', id: 1, channels: [trades] });
    await client.waitForCount((m) => m.type === 'update', 20, 20_000);
    await client.close();
    await server.close();
    const { header, events } = parseRecording(file, readFileSync(file, 'utf8'));
    expect(header.source).toBe('sim');
    expect(header.instruments.length).toBe(44);
    expect(header.alwaysTrading).toContain('BTC-USDT');
    expect(header.baseline['BTC-USDT']?.['1m']?.forming ?? header.baseline['BTC-USDT']?.['1m']?.previous).not.toBeNull();
    const recorded = new Set(events.flatMap((e) => (e.k === 'trades' ? e.d.map((t) => t.id) : [])));
    const received = client.messages.filter(updateOf(trades)).map((m) => m.data.id);
    expect(received.length).toBeGreaterThanOrEqual(20);
    for (const id of received) expect(recorded.has(id)).toBe(true);
    expect(events.some((e) => e.k === 'watermark')).toBe(true);
    for (const e of events) expect(e.t).toBeGreaterThanOrEqual(header.startedAt);
  });

  it('is flushed and closed when the process gets SIGTERM', async () => {
    const file = join(tmp(), 'sigterm.ndjson');
    const main = fileURLToPath(new URL('../../main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--record', file, '--port', '0'], {
      env: { ...process.env, LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // NOTE: a failed or timed-out run must not leave a BFF running.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('running at')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
    });
    const url = /running at (http:\/\/[^\s"]+)/.exec(out)?.[1] ?? '';
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 20_000, interval: 200 }).toBe(200);
    // NOTE: wait until the writer has flushed events to disk; the ones after it are still in
    // the write buffer's window when SIGTERM comes.
    const watermarksOnDisk = (): number => (readFileSync(file, 'utf8').match(/"k":"watermark"/g) ?? []).length;
    await expect.poll(watermarksOnDisk, { timeout: 20_000, interval: 50 }).toBeGreaterThan(10);
    const onDisk = watermarksOnDisk();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const { events } = parseRecording(file, text);
    expect(events.filter((e) => e.k === 'watermark').length).toBeGreaterThan(10);
    expect(events.filter((e) => e.k === 'watermark').length).toBeGreaterThanOrEqual(onDisk);
  }, 30_000);

  it('rejects a file that is not a recording, naming the line; tolerates a cut-off last line', () => {
    expect(() => parseRecording('x.ndjson', '{"hello":1}\n')).toThrow(RecordingError);
    const { header, events: _e } = parseRecording(
      'ok.ndjson',
      `${JSON.stringify({ type: 'header', version: 1, source: 'sim', startedAt: 1000, instruments: [], alwaysTrading: [], baseline: {} })}\n{"t":1001,"k":"watermark","d":1001}\n{"t":10`,
    );
    expect(header.startedAt).toBe(1000);
    const bad = `${JSON.stringify({ type: 'header', version: 1, source: 'sim', startedAt: 1000, instruments: [], alwaysTrading: [], baseline: {} })}\n{"t":1001,"k":"nope","d":1}\n{"t":1002,"k":"watermark","d":1002}\n`;
    expect(() => parseRecording('bad.ndjson', bad)).toThrow(/bad\.ndjson:2: bad event/);
  });

  it('reads --record, --speed and SOURCE=replay:FILE from flags and env', () => {
    const config = loadConfig(['--record', '/tmp/a.ndjson', '--speed=max'], { SOURCE: 'replay:/tmp/b.ndjson' });
    expect(config).toMatchObject({
      RECORD_FILE: '/tmp/a.ndjson',
      REPLAY_SPEED: 'max',
      SOURCE: ['replay:/tmp/b.ndjson'],
      REPLAY_PAUSED: false,
    });
    expect(loadConfig(['--speed', '10'], {}).REPLAY_SPEED).toBe(10);
    expect(() => loadConfig(['--speed', '0'], {})).toThrow(ConfigError);
    expect(() => loadConfig([], { SOURCE: 'replay:' })).toThrow(ConfigError);
  });
});
