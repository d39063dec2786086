/**
 * Bench client process: opens its share of the connections, subscribes each to K channels and
 * measures, per message with an event time, receive time minus event time.
 */
import { decodeServerFrame, isUpdateOfKind } from '@candlewire/protocol';
import WebSocket from 'ws';
import { channelsFor, type Mix } from './channels';
import { createHistogram, record } from './histogram';

interface Start {
  url: string;
  first: number;
  count: number;
  channels: number;
  symbols: string[];
  mix: Mix;
}

const SAMPLE_EVERY = Number(process.env['BENCH_SAMPLE_EVERY'] ?? 8);
let measuring = false;
let messages = 0;
let frames = 0;
let hist = createHistogram();
let quoteHist = createHistogram();
const sockets: WebSocket[] = [];

const UPDATE = Buffer.from('"type":"update"');

/**
 * NOTE: the load generator shares the server's two cores, so it counts updates with a native
 * byte search and fully parses one frame in `SAMPLE_EVERY` for latency (an unbiased sample).
 */
function onFrame(data: WebSocket.RawData): void {
  if (!measuring) return;
  const now = Date.now();
  const buf = data as Buffer;
  frames++;
  let count = 0;
  for (let at = buf.indexOf(UPDATE); at !== -1; at = buf.indexOf(UPDATE, at + UPDATE.length)) count++;
  messages += count;
  if (frames % SAMPLE_EVERY !== 0) return;
  for (const m of decodeServerFrame(buf.toString('utf8'))) {
    // NOTE: candle `time` is a bucket start in seconds, not an event time: candles are not timed.
    // NOTE: a quote's time is its last trade's: its latency includes the source throttle's wait.
    if (isUpdateOfKind(m, 'trades')) record(hist, now - m.data.time);
    else if (isUpdateOfKind(m, 'quote')) record(quoteHist, now - m.data.time);
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
    quoteHist = createHistogram();
    measuring = true;
  }
  if (msg.cmd === 'report') {
    measuring = false;
    const closed = sockets.filter((s) => s.readyState !== WebSocket.OPEN).length;
    process.send?.({ cmd: 'report', messages, frames, hist, quoteHist, closed });
  }
  if (msg.cmd === 'exit') {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
