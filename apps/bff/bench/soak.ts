/**
 * Soak: `npm run soak -- --minutes N`: the built BFF under steady load (`--clients` SDK-less `ws`
 * clients on quote/trades/candles channels) with 1 % of the clients replaced every minute;
 * prints RSS, V8 heap, open file descriptors and event-loop lag p99 (from /metrics) at the start
 * and the end, and their drift.
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startBuiltBff } from './start-bff';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, clients: { type: 'string', default: '200' } },
});
const MINUTES = Number(args.minutes);
const N = Number(args.clients);
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'BTC-USDT', 'ETH-USDT', '0700.HK', '600000.SH'];

function client(url: string, i: number): WebSocket {
  const ws = new WebSocket(url);
  const s = SYMBOLS[i % SYMBOLS.length] ?? 'AAPL';
  ws.once('open', () => ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels: [`quote:${s}`, `trades:${s}`, `candles:${s}:1m`] })));
  ws.on('error', () => undefined);
  return ws;
}

async function sample(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMB: read('process_resident_memory_bytes') / 2 ** 20,
    heapUsedMB: read('nodejs_heap_size_used_bytes') / 2 ** 20,
    fds: read('process_open_fds'),
    loopLagP99Ms: read('nodejs_eventloop_lag_p99_seconds') * 1000,
  };
}

async function main(): Promise<void> {
  const { child, url } = await startBuiltBff(['--expose-gc'], {
    SIM_TRADES_PER_SEC: '5',
    MAX_CONNECTIONS_PER_IP: '0',
    SIM_PRECOMPUTE: 'false',
  });
  const wsUrl = `${url.replace('http', 'ws')}/ws`;
  const clients = Array.from({ length: N }, (_, i) => client(wsUrl, i));
  await new Promise((r) => setTimeout(r, 30_000));
  child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  const start = await sample(url);
  console.log('start', JSON.stringify(start));
  const churn = Math.max(1, Math.round(N / 100));
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((r) => setTimeout(r, 60_000));
    for (let k = 0; k < churn; k++) {
      const i = Math.floor(Math.random() * N);
      clients[i]?.terminate();
      clients[i] = client(wsUrl, i);
    }
    console.log(`minute ${minute}`, JSON.stringify(await sample(url)));
  }
  child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  const end = await sample(url);
  const drift = Object.fromEntries(
    Object.keys(start).map((k) => [
      k,
      `${(((end[k] ?? 0) - (start[k] ?? 0)) / (start[k] ?? 1)) * 100 > 0 ? '+' : ''}${((((end[k] ?? 0) - (start[k] ?? 0)) / (start[k] ?? 1)) * 100).toFixed(1)} %`,
    ]),
  );
  console.log('end', JSON.stringify(end));
  console.log('drift', JSON.stringify(drift));
  for (const c of clients) c.terminate();
  child.kill('SIGTERM');
}

void main();
