import { createClient, type CandlewireClient, type ChannelEvent, type WebSocketLike } from '@candlewire/client';
import { createNodeSocket } from '@candlewire/client/node';
import { channel, createSnapshotReducer, decodeServerFrame, type Candle, type Channel } from '@candlewire/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBffProcess, type BffProcess } from '../bff-process';
import { startTestRedis, type TestRedis } from '../redis-server';
import { startTestServer, type TestServer } from '../server';

const CLIENTS = 150;
const SYMBOLS = ['AAPL', 'MSFT', 'BTC-USDT'] as const;
const seconds = (i: number): Channel<'candles'> => channel.candles(SYMBOLS[i % SYMBOLS.length] ?? 'AAPL', '1s');
const MINUTES = channel.candles('AAPL', '1m');

let redis: TestRedis;
let ingest: TestServer;
const env = (): Record<string, string> => ({
  REDIS_URL: redis.url,
  SIM_TRADES_PER_SEC: '10',
  LEASE_TTL_MS: '2000',
  INTEREST_TTL_MS: '3000',
});
const gateway = (id: string, port = 0): Promise<BffProcess> =>
  startBffProcess({ ...env(), ROLE: 'gateway', NODE_ID: id, PORT: String(port) });

/** Conditions re-checked once per event-loop turn after any client event (no polling, no sleeps). */
function createWatch() {
  const checks = new Set<() => void>();
  let scheduled = false;
  const run = (): void => {
    scheduled = false;
    for (const check of [...checks]) check();
  };
  return {
    poke(): void {
      if (scheduled) return;
      scheduled = true;
      setImmediate(run);
    },
    until(ok: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!ok()) return;
          checks.delete(check);
          clearTimeout(deadline);
          resolve();
        };
        const deadline = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        checks.add(check);
        check();
      });
    },
  };
}
const watch = createWatch();

/** One SDK client with what it saw: channel events, its sessions and why each ended, and every `subscribed` answer's `recovered`. */
interface Trader {
  sdk: CandlewireClient;
  events: Map<Channel<'candles'>, ChannelEvent<'candles'>[]>;
  sessions: string[];
  /** Close code of each lost session. */
  closes: (number | null)[];
  recovered: boolean[];
}

/** The Node socket, with every `subscribed` message's `recovered` flag recorded (the SDK's public socket seam). */
function tappedSocket(recovered: boolean[]): (url: string) => WebSocketLike {
  return (url) => {
    const socket = createNodeSocket(url);
    let handler: WebSocketLike['onmessage'] = null;
    socket.onmessage = (ev) => {
      const text = typeof ev.data === 'string' ? ev.data : String(ev.data);
      if (text.includes('"subscribed"')) for (const m of decodeServerFrame(text)) if (m.type === 'subscribed') recovered.push(m.recovered);
      handler?.(ev);
    };
    return new Proxy(socket, {
      set(target, key, value: WebSocketLike['onmessage']) {
        if (key !== 'onmessage') return Reflect.set(target, key, value);
        handler = value;
        return true;
      },
    });
  };
}

function startTrader(i: number, urls: string[]): Trader {
  const recovered: boolean[] = [];
  // NOTE: `random` picks the first gateway (half the clients each) and keeps reconnect delays short.
  const sdk = createClient({ url: urls, createSocket: tappedSocket(recovered), random: () => (i % 2) / 2 + 0.01 });
  const trader: Trader = { sdk, events: new Map(), sessions: [], closes: [], recovered };
  for (const name of [seconds(i), MINUTES]) {
    const list: ChannelEvent<'candles'>[] = [];
    trader.events.set(name, list);
    trader.sdk.subscribe(name, (e) => {
      list.push(e);
      watch.poke();
    });
  }
  trader.sdk.onStateChange(({ newState }) => {
    // NOTE: `connected` repeats within a session (its latency updates): a session counts once.
    if (newState.status === 'connected' && trader.sessions.at(-1) !== newState.sessionId) trader.sessions.push(newState.sessionId);
    if (newState.status === 'reconnecting' && newState.attempt === 1) trader.closes.push(newState.lastCloseCode);
    watch.poke();
  });
  trader.sdk.start();
  return trader;
}
/** Updates received so far, per channel. */
type Mark = Map<Channel, number>;
const mark = (t: Trader): Mark => new Map([...t.events].map(([name, list]) => [name, list.filter((e) => e.type === 'update').length]));
/** Connected and streaming every channel since `since`. */
const back = (t: Trader, since: Mark): boolean =>
  t.sdk.state.status === 'connected' &&
  [...t.events].every(([name, list]) => list.filter((e) => e.type === 'update').length > (since.get(name) ?? 0));

beforeAll(async () => {
  redis = await startTestRedis({ aof: true });
  ingest = await startTestServer({ ...env(), ROLE: 'ingest', NODE_ID: 'ingest' });
}, 60_000);
afterAll(async () => {
  await ingest.close();
  await redis.close();
});

describe('rolling restart', () => {
  it(`restarting every gateway one by one under ${CLIENTS} SDK clients: all resume recovered, no gap, no duplicate, candles equal REST`, async () => {
    const gateways = [await gateway('gw-1'), await gateway('gw-2')];
    const ports = gateways.map((g) => Number(new URL(g.url).port));
    const urls = gateways.map((g) => g.wsUrl);
    const traders = Array.from({ length: CLIENTS }, (_, i) => startTrader(i, urls));
    await watch.until(() => traders.every((t) => back(t, new Map<Channel, number>())), 'every client live');
    try {
      for (const [k, port] of ports.entries()) {
        const marks = traders.map(mark);
        // SIGTERM: the gateway stops listening and drains its clients with 1012; they move on.
        await gateways[k]?.stop();
        gateways[k] = await gateway(`gw-${k + 1}-restarted`, port);
        await watch.until(
          () => traders.every((t, i) => back(t, marks[i] ?? mark(t))),
          `every client back after restarting gateway ${k + 1}`,
        );
      }
      for (const t of traders) t.sdk.stop();
      for (const t of traders) {
        // Every client was moved at least once, and resumed every channel each time.
        expect(t.sessions.length).toBeGreaterThanOrEqual(2);
        expect(t.closes).toEqual(t.sessions.slice(1).map(() => 1012)); // each move: the drain's 1012 (service restart)
        expect(t.recovered.slice(0, 2)).toEqual([false, false]); // the first subscribes
        expect(t.recovered.slice(2).every((r) => r)).toBe(true);
        expect(t.recovered.length).toBeGreaterThanOrEqual(4);
        for (const list of t.events.values()) {
          expect(list.filter((e) => e.type === 'snapshot')).toHaveLength(1); // no reset snapshot
          const seqs = list.flatMap((e) => (e.type === 'update' ? [e.seq] : []));
          expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i)); // no gap, no duplicate
        }
      }
      await expectCandlesEqualRest(traders, gateways[0]?.url ?? '');
    } finally {
      for (const t of traders) t.sdk.stop();
      await Promise.all(gateways.map((g) => g?.stop()));
    }
  }, 240_000);
});

/** Every client's closed candles (its snapshot plus updates) equal what REST serves now. */
async function expectCandlesEqualRest(traders: Trader[], url: string): Promise<void> {
  for (const name of [...SYMBOLS.map((_, i) => seconds(i)), MINUTES]) {
    const [, symbol, interval] = name.split(':');
    const rest = (await (await fetch(`${url}/api/candles?symbol=${symbol}&interval=${interval}&limit=1000`)).json()) as {
      candles: Candle[];
    };
    const byTime = new Map(rest.candles.map((c) => [c.time, c]));
    let compared = 0;
    for (const t of traders) {
      const reducer = createSnapshotReducer(name);
      for (const e of t.events.get(name) ?? []) {
        if (e.type === 'snapshot') reducer.seed(e.snapshot);
        if (e.type === 'update') reducer.apply(e.data);
      }
      for (const { closed, ...candle } of reducer.value()) {
        if (!closed || candle.time < (rest.candles[0]?.time ?? Infinity)) continue;
        expect(byTime.get(candle.time)).toEqual(candle);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  }
}
