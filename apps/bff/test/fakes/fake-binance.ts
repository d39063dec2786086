/**
 * A fake Binance spot venue for tests: a real `node:http` server on loopback (port 0) serving
 * `GET /api/v3/klines` and, on the same port, a `ws` WebSocketServer for the combined streams
 * endpoint `/stream` (wrapper `{stream,data}`, SUBSCRIBE/UNSUBSCRIBE replies `{result:null,id}`,
 * ping frames, `serverShutdown`). It records what clients send and enforces Binance's limits
 * (5 messages/s per connection, pings and pongs included; 1024 streams per connection).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { INTERVAL_SECONDS, isInterval, type Interval } from '@candlewire/protocol';
import { toBinanceSymbol } from '../../src/sources/binance/symbols';

/** A kline row as Binance's REST returns it. */
export type FakeKlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

/** One client connection as the fake saw it. */
export interface FakeConnection {
  readonly id: number;
  readonly openedAt: number;
  closedAt: number | null;
  /** Streams currently subscribed. */
  readonly streams: Set<string>;
  /** Every SUBSCRIBE/UNSUBSCRIBE/other request, parsed. */
  readonly requests: { at: number; method: string; params: string[]; id: number }[];
  /** Every frame the client sent (text messages and pongs), with receive time (Date.now). */
  readonly received: { at: number; kind: 'message' | 'pong'; text: string }[];
  readonly socket: WebSocket;
}

/** Options of `startFakeBinance`. */
export interface FakeBinanceOptions {
  /** Kline rows for a request (default: a deterministic row for every bucket). */
  klines?: (symbol: string, interval: Interval, startMs: number, endMs: number, limit: number) => FakeKlineRow[];
  /** Messages per second per connection before the fake disconnects it, like Binance (default 5). */
  messageLimit?: number;
  maxStreams?: number;
}

/** A trade to emit. */
export interface FakeTrade {
  id: number;
  price: number;
  qty: number;
  time: number;
  buyerMaker?: boolean;
}

/** The running fake venue. */
export interface FakeBinance {
  /** `ws://127.0.0.1:PORT` (the adapter appends `/stream`). */
  readonly wsUrl: string;
  /** `http://127.0.0.1:PORT`. */
  readonly restUrl: string;
  /** Every connection ever accepted, oldest first. */
  readonly connections: FakeConnection[];
  /** Connection attempt times (upgrade requests, refused ones included). */
  readonly attempts: number[];
  /** Query strings of every klines request. */
  readonly klineRequests: URLSearchParams[];
  /** Connections closed by the fake for exceeding the message limit. */
  readonly violations: number[];
  /** Open connections. */
  open(): FakeConnection[];
  /** Sends a trade to every open connection subscribed to its stream (or to `to`); returns how many got it. */
  trade(symbol: string, trade: FakeTrade, to?: readonly FakeConnection[]): number;
  /** Sends a bookTicker update. */
  bookTicker(symbol: string, u: number, bid: number, ask: number, to?: readonly FakeConnection[]): number;
  /** Sends any text frame. */
  sendRaw(conn: FakeConnection, text: string): void;
  ping(conn: FakeConnection, payload: string): void;
  /** Sends the `serverShutdown` event. */
  shutdown(conn: FakeConnection): void;
  /** Drops the TCP connection without a close frame. */
  drop(conn: FakeConnection): void;
  /** Refuses the next `n` upgrade attempts with HTTP 503. */
  refuse(n: number): void;
  /** Most frames a connection sent within any `windowMs` (sliding). */
  maxPerWindow(conn: FakeConnection, windowMs?: number): number;
  /** The rows the fake serves for a request (what the adapter should have turned into candles). */
  klinesFor(symbol: string, interval: Interval, startMs: number, endMs: number, limit?: number): FakeKlineRow[];
  close(): Promise<void>;
}

/** A deterministic kline for every bucket of [startMs, endMs] (at most `limit`). */
export function defaultKlines(symbol: string, interval: Interval, startMs: number, endMs: number, limit: number): FakeKlineRow[] {
  const step = INTERVAL_SECONDS[interval] * 1000;
  const rows: FakeKlineRow[] = [];
  const salt = [...symbol].reduce((a, c) => a + c.charCodeAt(0), 0);
  for (let t = Math.ceil(startMs / step) * step; t <= endMs && rows.length < limit; t += step) {
    const k = ((t / step + salt) % 97) / 100;
    const open = 100 + k;
    rows.push([
      t,
      open.toFixed(2),
      (open + 0.5).toFixed(2),
      (open - 0.5).toFixed(2),
      (open + 0.25).toFixed(2),
      (1 + k).toFixed(5),
      t + step - 1,
      '0',
      10,
      '0',
      '0',
      '0',
    ]);
  }
  return rows;
}

/** Starts the fake venue on 127.0.0.1, port 0. */
export async function startFakeBinance(options: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const klines = options.klines ?? defaultKlines;
  const messageLimit = options.messageLimit ?? 5;
  const maxStreams = options.maxStreams ?? 1024;
  const connections: FakeConnection[] = [];
  const attempts: number[] = [];
  const klineRequests: URLSearchParams[] = [];
  const violations: number[] = [];
  let refusals = 0;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname !== '/api/v3/klines') return reply(404, { code: -1, msg: 'not found' });
    klineRequests.push(url.searchParams);
    const symbol = url.searchParams.get('symbol') ?? '';
    const interval = url.searchParams.get('interval') ?? '';
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const start = Number(url.searchParams.get('startTime') ?? 0);
    const end = Number(url.searchParams.get('endTime') ?? Date.now());
    if (!/^[A-Z0-9]+$/.test(symbol) || !isInterval(interval) || !(limit >= 1 && limit <= 1000))
      return reply(400, { code: -1100, msg: 'Illegal characters found in parameter' });
    reply(200, klines(symbol, interval, start, end, limit));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    attempts.push(Date.now());
    const url = new URL(req.url ?? '/', 'http://fake');
    if (refusals > 0 || url.pathname !== '/stream') {
      refusals = Math.max(0, refusals - 1);
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: FakeConnection = {
        id: connections.length + 1,
        openedAt: Date.now(),
        closedAt: null,
        streams: new Set(url.searchParams.get('streams')?.split('/').filter(Boolean)),
        requests: [],
        received: [],
        socket: ws,
      };
      connections.push(conn);
      const count = (kind: 'message' | 'pong', text: string): boolean => {
        conn.received.push({ at: Date.now(), kind, text });
        if (maxPerWindowOf(conn, 1000) > messageLimit) {
          violations.push(conn.id);
          ws.terminate();
          return false;
        }
        return true;
      };
      ws.on('pong', (data: Buffer) => count('pong', data.toString('utf8')));
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (!count('message', text)) return;
        let req: { method?: unknown; params?: unknown; id?: unknown };
        try {
          req = JSON.parse(text) as typeof req;
        } catch {
          ws.send(JSON.stringify({ code: 3, msg: 'Invalid JSON' }));
          return;
        }
        const id = typeof req.id === 'number' ? req.id : -1;
        const params = Array.isArray(req.params) ? req.params.filter((p): p is string => typeof p === 'string') : [];
        conn.requests.push({ at: Date.now(), method: String(req.method), params, id });
        if (req.method === 'SUBSCRIBE') {
          const after = new Set([...conn.streams, ...params]);
          if (after.size > maxStreams) return ws.send(JSON.stringify({ code: 2, msg: `too many streams (max ${maxStreams})`, id }));
          for (const p of params) conn.streams.add(p);
          ws.send(JSON.stringify({ result: null, id }));
        } else if (req.method === 'UNSUBSCRIBE') {
          for (const p of params) conn.streams.delete(p);
          ws.send(JSON.stringify({ result: null, id }));
        } else if (req.method === 'LIST_SUBSCRIPTIONS') ws.send(JSON.stringify({ result: [...conn.streams], id }));
        else ws.send(JSON.stringify({ code: 2, msg: `Invalid request: unknown variant ${String(req.method)}`, id }));
      });
      ws.on('close', () => {
        conn.closedAt = Date.now();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const maxPerWindowOf = (conn: FakeConnection, windowMs: number): number => {
    let max = 0;
    let lo = 0;
    const times = conn.received.map((r) => r.at);
    for (let hi = 0; hi < times.length; hi++) {
      while ((times[hi] ?? 0) - (times[lo] ?? 0) >= windowMs) lo++;
      max = Math.max(max, hi - lo + 1);
    }
    return max;
  };
  const isOpen = (c: FakeConnection): boolean => c.closedAt === null && c.socket.readyState === c.socket.OPEN;
  const emit = (stream: string, data: object, to?: readonly FakeConnection[]): number => {
    let n = 0;
    for (const c of to ?? connections.filter((x) => x.streams.has(stream))) {
      if (!isOpen(c)) continue;
      c.socket.send(JSON.stringify({ stream, data }));
      n++;
    }
    return n;
  };

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    restUrl: `http://127.0.0.1:${port}`,
    connections,
    attempts,
    klineRequests,
    violations,
    open: () => connections.filter(isOpen),
    trade(symbol, t, to) {
      const s = toBinanceSymbol(symbol);
      const data = {
        e: 'trade',
        E: t.time,
        s,
        t: t.id,
        p: t.price.toFixed(8),
        q: t.qty.toFixed(8),
        T: t.time,
        m: t.buyerMaker ?? false,
        M: true,
      };
      return emit(`${s.toLowerCase()}@trade`, data, to);
    },
    bookTicker(symbol, u, bid, ask, to) {
      const s = toBinanceSymbol(symbol);
      return emit(`${s.toLowerCase()}@bookTicker`, { u, s, b: bid.toFixed(8), B: '1.00000000', a: ask.toFixed(8), A: '1.00000000' }, to);
    },
    sendRaw: (conn, text) => conn.socket.send(text),
    ping: (conn, payload) => conn.socket.ping(payload),
    shutdown: (conn) => conn.socket.send(JSON.stringify({ e: 'serverShutdown', E: Date.now() })),
    drop: (conn) => conn.socket.terminate(),
    refuse(n) {
      refusals += n;
    },
    maxPerWindow: (conn, windowMs = 1000) => maxPerWindowOf(conn, windowMs),
    klinesFor: (symbol, interval, startMs, endMs, limit = 1000) => klines(toBinanceSymbol(symbol), interval, startMs, endMs, limit),
    async close() {
      for (const c of connections) c.socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
