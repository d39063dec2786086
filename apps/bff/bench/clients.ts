/**
 * Bench client process: opens its share of the connections, subscribes each to K channels and
 * measures, per message with an event time, receive time minus event time. Every server's
 * clients are the same plain `ws` sockets: socket.io is spoken over one (Engine.IO v4 framing),
 * so no server gets cheaper or dearer clients than another.
 */
import { decodeServerFrame, isUpdateOfKind, type ServerMessage } from '@candlewire/protocol';
import WebSocket from 'ws';
import { channelsFor, type Mix, type Sets } from './channels';
import { createHistogram, record } from './histogram';

/** The wire a client speaks: Candlewire's (also the plain ws peer's) or socket.io's. */
export type Wire = 'candlewire' | 'socket.io';

interface Start {
  url: string;
  wire: Wire;
  first: number;
  count: number;
  channels: number;
  symbols: string[];
  mix: Mix;
  sets: Sets;
}

const SAMPLE_EVERY = Number(process.env['BENCH_SAMPLE_EVERY'] ?? 8);
let measuring = false;
let messages = 0;
let frames = 0;
let hist = createHistogram();
let quoteHist = createHistogram();
const sockets: WebSocket[] = [];

const UPDATE = Buffer.from('"type":"update"');

/** The messages of one sampled frame, decoded per the contract: a Candlewire frame (object or batch) or a socket.io event. */
function parseFrame(text: string, wire: Wire): ServerMessage[] {
  if (wire !== 'socket.io') return decodeServerFrame(text);
  if (!text.startsWith('42')) return [];
  // NOTE: `42["update",{…}]`: the event's argument is one Candlewire message (re-serialized for the decoder; sampled frames only).
  const event: unknown = JSON.parse(text.slice(2));
  return Array.isArray(event) ? decodeServerFrame(JSON.stringify(event[1] ?? null)) : [];
}

/**
 * NOTE: the load generator shares the server's two cores, so it counts updates with a native
 * byte search and fully parses one frame in `SAMPLE_EVERY` for latency (an unbiased sample).
 */
function onFrame(data: Buffer, wire: Wire): void {
  if (!measuring) return;
  // NOTE: the wall clock with sub-ms precision: Date.now() would floor every latency to whole ms.
  const now = performance.timeOrigin + performance.now();
  frames++;
  let count = 0;
  for (let at = data.indexOf(UPDATE); at !== -1; at = data.indexOf(UPDATE, at + UPDATE.length)) count++;
  messages += count;
  if (count === 0 || frames % SAMPLE_EVERY !== 0) return;
  for (const m of parseFrame(data.toString('utf8'), wire)) {
    // NOTE: candle `time` is a bucket start in seconds, not an event time: candles are not timed.
    // NOTE: a quote's time is its last trade's: its latency includes the source throttle's wait.
    if (isUpdateOfKind(m, 'trades')) record(hist, now - m.data.time);
    else if (isUpdateOfKind(m, 'quote')) record(quoteHist, now - m.data.time);
  }
}

/** Opens one connection and subscribes it; resolves once the subscribe is sent. */
function connect(start: Start, channels: string[]): Promise<WebSocket> {
  const sio = start.wire === 'socket.io';
  const url = sio ? `${start.url.replace(/\/ws$/, '')}/socket.io/?EIO=4&transport=websocket` : start.url;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    if (!sio) {
      ws.on('message', (data) => onFrame(data as Buffer, 'candlewire'));
      ws.once('open', () => {
        ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels }));
        resolve(ws);
      });
      return;
    }
    // Engine.IO v4: "0{…}" open → "40" connect → "40{sid}" → "42[event, …]"; "2" ping → "3" pong.
    ws.on('message', (data) => {
      const buf = data as Buffer;
      const head = buf[0];
      if (head === 0x32 && buf.length === 1) ws.send('3');
      else if (head === 0x30) ws.send('40');
      else if (head === 0x34 && buf[1] === 0x30) {
        ws.send(`42${JSON.stringify(['subscribe', channels])}`);
        resolve(ws);
      } else onFrame(buf, 'socket.io');
    });
  });
}

async function open(start: Start): Promise<void> {
  for (let n = 0; n < start.count; n++) {
    sockets.push(await connect(start, channelsFor(start.first + n, start.channels, start.symbols, start.mix, start.sets)));
  }
}

process.on('message', (msg: { cmd: string } & Partial<Start>) => {
  if (msg.cmd === 'open')
    void open(msg as Start).then(
      () => process.send?.({ cmd: 'opened' }),
      (err: unknown) => process.send?.({ cmd: 'failed', error: String(err) }),
    );
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
// NOTE: a bench stopped by a signal never says `exit`: its IPC channel closing ends the clients too.
process.on('disconnect', () => process.exit(0));
