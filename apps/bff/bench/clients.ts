/**
 * Bench client process: opens its share of the connections, subscribes each to K channels and
 * measures, per message with an event time, receive time minus event time.
 */
import WebSocket from 'ws';
import { createHistogram, record } from './histogram';

interface Start {
  url: string;
  first: number;
  count: number;
  channels: number;
  symbols: string[];
  mix: 'trades' | 'mixed';
}

const KINDS = { trades: ['trades'], mixed: ['trades', 'quote', 'candles:1s'] } as const;

function channelsFor(i: number, k: number, symbols: string[], mix: Start['mix']): string[] {
  const kinds = KINDS[mix];
  return Array.from({ length: k }, (_, j) => {
    const symbol = symbols[(i * 7 + j) % symbols.length] ?? 'AAPL';
    const kind = kinds[j % kinds.length] ?? 'trades';
    return kind === 'candles:1s' ? `candles:${symbol}:1s` : `${kind}:${symbol}`;
  });
}

let measuring = false;
let messages = 0;
let frames = 0;
let hist = createHistogram();
const sockets: WebSocket[] = [];

function onFrame(data: WebSocket.RawData): void {
  if (!measuring) return;
  const now = Date.now();
  frames++;
  const parsed = JSON.parse((data as Buffer).toString('utf8')) as unknown;
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as { type: string; channel?: string; data?: { time?: number } }[];
  for (const m of list) {
    if (m.type !== 'update') continue;
    messages++;
    // NOTE: candle `time` is a bucket start in seconds, not an event time: only ms times count.
    if (m.channel !== undefined && !m.channel.startsWith('candles') && typeof m.data?.time === 'number') record(hist, now - m.data.time);
  }
}

async function open(start: Start): Promise<void> {
  for (let n = 0; n < start.count; n++) {
    const ws = new WebSocket(start.url, { perMessageDeflate: false });
    ws.on('message', onFrame);
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels: channelsFor(start.first + n, start.channels, start.symbols, start.mix) }));
    sockets.push(ws);
  }
}

process.on('message', (msg: { cmd: string } & Partial<Start>) => {
  if (msg.cmd === 'open') void open(msg as Start).then(() => process.send?.({ cmd: 'opened' }), (err: unknown) => process.send?.({ cmd: 'failed', error: String(err) }));
  if (msg.cmd === 'measure') {
    messages = 0;
    frames = 0;
    hist = createHistogram();
    measuring = true;
  }
  if (msg.cmd === 'report') {
    measuring = false;
    const closed = sockets.filter((s) => s.readyState !== WebSocket.OPEN).length;
    process.send?.({ cmd: 'report', messages, frames, hist, closed });
  }
  if (msg.cmd === 'exit') {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
