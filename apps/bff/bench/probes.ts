/**
 * Subscribe probes against a running BFF: how long a cold channel's `subscribed` takes, and
 * how long a subscribe over `MAX_SUBSCRIPTIONS` takes to answer `SUBSCRIPTION_LIMIT`.
 */
import { decodeServerFrame, type Channel, type ServerMessage } from '@candlewire/protocol';
import WebSocket from 'ws';

/** Opens a Candlewire connection and waits for its welcome. */
async function open(wsUrl: string): Promise<{ ws: WebSocket; next: (match: (m: Reply) => boolean) => Promise<Reply> }> {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  const waiting = new Set<{ match: (m: Reply) => boolean; resolve: (m: Reply) => void }>();
  ws.on('message', (data) => {
    for (const m of decodeServerFrame((data as Buffer).toString('utf8'))) {
      for (const w of waiting) {
        if (!w.match(m)) continue;
        waiting.delete(w);
        w.resolve(m);
      }
    }
  });
  const next = (match: (m: Reply) => boolean) => new Promise<Reply>((resolve) => waiting.add({ match, resolve }));
  const welcome = next((m) => m.type === 'welcome');
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  await welcome;
  return { ws, next };
}

type Reply = ServerMessage;

/** Subscribes each channel alone, one after another; returns each reply's latency in ms. */
export async function coldSubscribes(wsUrl: string, channels: readonly Channel[]): Promise<number[]> {
  const { ws, next } = await open(wsUrl);
  const out: number[] = [];
  let id = 0;
  for (const channel of channels) {
    id++;
    const t0 = performance.now();
    const reply = next((m) => (m.type === 'subscribed' || m.type === 'error') && m.id === id);
    ws.send(JSON.stringify({ op: 'subscribe', id, channels: [channel] }));
    await reply;
    out.push(performance.now() - t0);
    ws.send(JSON.stringify({ op: 'unsubscribe', id: -id, channels: [channel] }));
  }
  ws.terminate();
  return out;
}

/** Sends one subscribe of `channels` (more than the limit); resolves with ms to the first SUBSCRIPTION_LIMIT. */
export async function limitAnswer(wsUrl: string, channels: readonly Channel[]): Promise<number> {
  const { ws, next } = await open(wsUrl);
  const t0 = performance.now();
  const error = next((m) => m.type === 'error' && m.code === 'SUBSCRIPTION_LIMIT');
  ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels }));
  await error;
  const ms = performance.now() - t0;
  ws.terminate();
  return ms;
}

/** p-quantile of `xs` (nearest rank). */
export function percentile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}
