/**
 * Subscribe probes against a running BFF: how long a cold channel's `subscribed` takes, and
 * how long a subscribe over `MAX_SUBSCRIPTIONS` takes to answer `SUBSCRIPTION_LIMIT`.
 */
import { decodeServerFrame, type Channel, type ServerMessage } from '@candlewire/protocol';
import WebSocket from 'ws';

/** How long a probe waits for any one reply before it fails (it must never hang the bench). */
const REPLY_TIMEOUT_MS = 15_000;

type Probe = { ws: WebSocket; perSecond: number; next: (match: (m: Reply) => boolean) => Promise<Reply> };

/** Opens a Candlewire connection and waits for its welcome (which announces the inbound rate limit). */
async function open(wsUrl: string): Promise<Probe> {
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
  const next = (match: (m: Reply) => boolean) =>
    new Promise<Reply>((resolve, reject) => {
      const w = { match, resolve: (m: Reply) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        waiting.delete(w);
        reject(new Error(`probe: no reply within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      waiting.add(w);
    });
  const welcome = next((m) => m.type === 'welcome');
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  const w = await welcome;
  return { ws, next, perSecond: w.type === 'welcome' ? w.limits.maxMessagesPerSecond : 10 };
}

type Reply = ServerMessage;

/**
 * Subscribes each channel alone, one after another; returns each reply's latency in ms.
 * NOTE: paced at half the server's inbound limit: a probe that floods gets RATE_LIMITED, and
 * a dropped subscribe would be measured as the time to that refusal (or, before the error
 * named its id, never answered at all: the hang of an earlier session).
 */
export async function coldSubscribes(wsUrl: string, channels: readonly Channel[]): Promise<number[]> {
  const { ws, next, perSecond } = await open(wsUrl);
  const gapMs = 2000 / perSecond;
  const out: number[] = [];
  let id = 0;
  try {
    for (const channel of channels) {
      id++;
      const t0 = performance.now();
      const reply = next((m) => (m.type === 'subscribed' || m.type === 'error') && m.id === id);
      ws.send(JSON.stringify({ op: 'subscribe', id, channels: [channel] }));
      const m = await reply;
      if (m.type === 'error') throw new Error(`probe: ${channel} answered ${m.code}: ${m.message}`);
      out.push(performance.now() - t0);
      const spent = performance.now() - t0;
      if (spent < gapMs) await new Promise((r) => setTimeout(r, gapMs - spent));
    }
  } finally {
    ws.terminate();
  }
  return out;
}

/**
 * Sends one subscribe of `channels` (more than the limit); resolves with ms to the first
 * SUBSCRIPTION_LIMIT. NOTE: it then waits for every channel's answer, so the snapshots the
 * accepted channels cost are not charged to the next probe.
 */
export async function limitAnswer(wsUrl: string, channels: readonly Channel[]): Promise<number> {
  const { ws, next } = await open(wsUrl);
  let answered = 0;
  const all = next((m) => (m.type === 'subscribed' || m.type === 'error') && m.id === 1 && ++answered === channels.length);
  const t0 = performance.now();
  const error = next((m) => m.type === 'error' && m.code === 'SUBSCRIPTION_LIMIT');
  ws.send(JSON.stringify({ op: 'subscribe', id: 1, channels }));
  await error;
  const ms = performance.now() - t0;
  try {
    await all;
  } finally {
    ws.terminate();
  }
  return ms;
}

/** p-quantile of `xs` (nearest rank). */
export function percentile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}
