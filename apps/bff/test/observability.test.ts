import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server';

/** Black-box through real sockets: what `/metrics` tells an operator (issue 11, Observability). */
describe('/metrics', () => {
  let server: TestServer;
  let text = '';
  beforeAll(async () => {
    server = await startTestServer({});
    for (const path of ['/api/symbols?q=AAPL', '/api/candles?symbol=AAPL&interval=1m&limit=5', '/healthz', '/api/nope-1', '/api/nope-2'])
      await (await fetch(`${server.url}${path}`)).text();
    await (await fetch(`${server.url}/api/candles?symbol=aapl&interval=1m`)).text();
    text = await (await fetch(`${server.url}/metrics`)).text();
  });
  afterAll(async () => {
    await server.close();
  });

  it('has build_info with the version, commit and Node version', () => {
    expect(text).toMatch(new RegExp(`^candlewire_build_info\\{version="[^"]+",commit="[^"]+",node="${process.versions.node}"\\} 1$`, 'm'));
  });

  it('times HTTP requests by method, matched route and status, never by raw path', () => {
    const count = (labels: string) =>
      Number(new RegExp(`^http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1]);
    expect(count('method="GET",route="/api/symbols",status="200"')).toBe(1);
    expect(count('method="GET",route="/api/candles",status="200"')).toBe(1);
    expect(count('method="GET",route="/api/candles",status="400"')).toBe(1);
    expect(count('method="GET",route="/healthz",status="200"')).toBe(1);
    expect(count('method="GET",route="/api/\\*",status="404"')).toBe(2);
    expect(text).not.toContain('nope-1');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/symbols",status="200"}');
  });

  it('has the default process metrics under their standard names, event-loop lag included', () => {
    for (const name of [
      'process_resident_memory_bytes',
      'process_open_fds',
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toMatch(new RegExp(`^${name} \\S+$`, 'm'));
    expect(text).not.toMatch(/^candlewire_process_|^candlewire_nodejs_/m);
  });

  it('names every counter *_total', () => {
    const counters = [...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1] ?? '');
    expect(counters).toEqual(expect.arrayContaining(['candlewire_messages_sent_total', 'candlewire_rejected_trades_total']));
    for (const name of counters) expect(name).toMatch(/_total$/);
  });
});
