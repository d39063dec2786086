/**
 * Fuzz the inbound message path of a real BFF: `npm run fuzz -- --messages N` sends N generated
 * frames (fast-check: random text, random JSON, near-valid messages with wrong types, unknown
 * ops, bad channels) from one client while a bystander streams `trades:AAPL`. Checks that every
 * frame is answered or ignored without a crash, the fuzzer's own connection survives (or only
 * closes with a contract code), and the bystander's seqs stay contiguous. Exits 1 otherwise.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import WebSocket from 'ws';
import { z } from 'zod';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } } });
const N = Number(args.messages);

const word = fc.string({ maxLength: 24 });
const frame = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      {
        op: fc.constantFrom('subscribe', 'unsubscribe', 'ping', 'SUBSCRIBE', 'nope'),
        id: fc.oneof(fc.integer(), fc.double(), word, fc.constant(null)),
        channels: fc.oneof(fc.array(word, { maxLength: 5 }), word, fc.integer()),
      },
      { requiredKeys: ['op'] },
    )
    .map((o) => JSON.stringify(o)),
  fc
    .tuple(fc.constantFrom('quote', 'trades', 'candles', 'markets', 'x'), word, fc.constantFrom('1m', '1d', '7m', ''))
    .map(([k, s, i]) => JSON.stringify({ op: 'subscribe', id: 1, channels: [`${k}:${s}:${i}`] })),
);

const update = z.object({ type: z.literal('update'), channel: z.string(), seq: z.number() });

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

async function main(): Promise<void> {
  const config = loadConfig([], {
    PORT: '0',
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    MAX_MESSAGES_PER_SECOND: '100000',
    MAX_SUBSCRIPTIONS: '100000',
    SHUTDOWN_SPREAD_MS: '0',
  });
  const server = await startServer(config);
  await server.ready;
  const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
  const bystander = await open(wsUrl);
  let lastSeq: number | null = null;
  let gaps = 0;
  bystander.on('message', (data: Buffer) => {
    const parsedFrame: unknown = JSON.parse(data.toString('utf8'));
    for (const message of Array.isArray(parsedFrame) ? parsedFrame : [parsedFrame]) {
      const parsed = update.safeParse(message);
      if (!parsed.success || parsed.data.channel !== 'trades:AAPL') continue;
      if (lastSeq !== null && parsed.data.seq !== lastSeq + 1) gaps++;
      lastSeq = parsed.data.seq;
    }
  });
  bystander.send(JSON.stringify({ op: 'subscribe', id: 1, channels: ['trades:AAPL'] }));
  let fuzzer = await open(wsUrl);
  let replies = 0;
  const closes = new Map<number, number>();
  const watchFuzzer = (ws: WebSocket) => {
    ws.on('message', () => void replies++);
    ws.on('close', (code) => closes.set(code, (closes.get(code) ?? 0) + 1));
  };
  watchFuzzer(fuzzer);
  const frames = fc.sample(frame, { numRuns: N, seed: Number(args.seed) });
  for (const [i, text] of frames.entries()) {
    if (fuzzer.readyState !== WebSocket.OPEN) {
      fuzzer = await open(wsUrl);
      watchFuzzer(fuzzer);
    }
    fuzzer.send(text);
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 5));
  }
  fuzzer.send(JSON.stringify({ op: 'ping', id: 424242 }));
  const alive = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    fuzzer.on('message', (d: Buffer) => {
      if (d.toString('utf8').includes('424242')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  const allowedCloses = [...closes.keys()].every((code) => [1008, 1009, 1013].includes(code));
  const ok = alive && gaps === 0 && lastSeq !== null && allowedCloses;
  console.log(
    JSON.stringify({
      messages: N,
      replies,
      fuzzerCloses: Object.fromEntries(closes),
      bystanderLastSeq: lastSeq,
      bystanderGaps: gaps,
      answersAfter: alive,
      ok,
    }),
  );
  bystander.close();
  fuzzer.close();
  await server.close();
  process.exit(ok ? 0 : 1);
}

void main();
