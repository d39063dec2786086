/**
 * A fake Alpaca market data API for tests: one real HTTP server on 127.0.0.1 port 0 serving the
 * stream (`/v2/{feed}`: `connected` welcome, `auth` → `authenticated` or 402, `subscribe` /
 * `unsubscribe` → `subscription`, messages as JSON arrays) and REST bars
 * (`GET /v2/stocks/{symbol}/bars`, key headers checked, paged by `next_page_token`). It records
 * what clients send and can emit trades, quotes, bars and corrections, drop connections and
 * send malformed frames on command.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { startFakeVenueServer } from './fake-venue';

/** Stream channels a client can subscribe to. */
const CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars'] as const;
type Channel = (typeof CHANNELS)[number];

/** A bar as Alpaca sends it (REST and stream). */
export interface AlpacaBarRow {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** Options of the fake. */
export interface FakeAlpacaOptions {
  key?: string;
  secret?: string;
  /** Never answer `auth` (the client's auth timeout must fire). */
  silentAuth?: boolean;
  /** Bars per REST page (default 10,000). */
  pageSize?: number;
}

/** A running fake Alpaca. */
export interface FakeAlpaca {
  /** Stream URL for the `iex` feed. */
  readonly wsUrl: string;
  readonly restUrl: string;
  /** Every parsed client message: connection index, message. */
  readonly received: { connection: number; message: Record<string, unknown> }[];
  /** REST requests: path, query and whether the key headers were right. */
  readonly restRequests: { path: string; query: Record<string, string>; authorized: boolean }[];
  connectionCount(): number;
  openConnections(): number;
  /** Symbols of `channel` the latest connection is subscribed to. */
  subscriptions(channel: Channel): string[];
  /** Sends one message array to every authenticated connection subscribed to each item's symbol and channel. */
  emit(items: ({ T: 't' | 'q' | 'b' | 'u'; S: string } & Record<string, unknown>)[]): number;
  sendRaw(text: string): void;
  dropConnections(): void;
  /** Sets the REST bars of `symbol` at `timeframe` (`1Min`, `1Day`…). */
  setBars(symbol: string, timeframe: string, rows: AlpacaBarRow[]): void;
  close(): Promise<void>;
}

const CHANNEL_OF = { t: 'trades', q: 'quotes', b: 'bars', u: 'updatedBars' } as const;

interface Conn {
  index: number;
  ws: WebSocket;
  authed: boolean;
  subs: Record<Channel, Set<string>>;
}

/** Starts a fake Alpaca on port 0. */
export async function startFakeAlpaca(options: FakeAlpacaOptions = {}): Promise<FakeAlpaca> {
  const key = options.key ?? 'test-key';
  const secret = options.secret ?? 'test-secret';
  const pageSize = options.pageSize ?? 10_000;
  const received: FakeAlpaca['received'] = [];
  const restRequests: FakeAlpaca['restRequests'] = [];
  const bars = new Map<string, AlpacaBarRow[]>();
  const send = (c: Conn, items: unknown[]): void => c.ws.send(JSON.stringify(items));

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/v2\/stocks\/([^/]+)\/bars$/.exec(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    const authorized = req.headers['apca-api-key-id'] === key && req.headers['apca-api-secret-key'] === secret;
    restRequests.push({ path: url.pathname, query, authorized });
    const json = (status: number, body: unknown): void =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!authorized) return json(401, { message: 'unauthorized' });
    if (match === null) return json(404, { message: 'not found' });
    const symbol = decodeURIComponent(match[1] ?? '');
    const start = Date.parse(query['start'] ?? '');
    const end = Date.parse(query['end'] ?? '');
    const rows = (bars.get(`${symbol}|${query['timeframe'] ?? ''}`) ?? []).filter(
      (b) => Date.parse(b.t) >= start && Date.parse(b.t) <= end,
    );
    const offset = Number(query['page_token'] ?? '0');
    const page = rows.slice(offset, offset + Math.min(pageSize, Number(query['limit'] ?? '1000')));
    const next = offset + page.length < rows.length ? String(offset + page.length) : null;
    return json(200, { bars: page.length > 0 ? page : null, symbol, next_page_token: next });
  };

  const onConnection = (ws: WebSocket, index: number): Conn => {
    const conn: Conn = {
      index,
      ws,
      authed: false,
      subs: { trades: new Set(), quotes: new Set(), bars: new Set(), updatedBars: new Set() },
    };
    send(conn, [{ T: 'success', msg: 'connected' }]);
    ws.on('message', (raw: Buffer) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        send(conn, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
        return;
      }
      received.push({ connection: conn.index, message });
      const { action } = message;
      if (action === 'auth') {
        if (options.silentAuth === true) return;
        if (conn.authed) return send(conn, [{ T: 'error', code: 403, msg: 'already authenticated' }]);
        if (message['key'] !== key || message['secret'] !== secret) return send(conn, [{ T: 'error', code: 402, msg: 'auth failed' }]);
        conn.authed = true;
        return send(conn, [{ T: 'success', msg: 'authenticated' }]);
      }
      if (action !== 'subscribe' && action !== 'unsubscribe') return send(conn, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
      if (!conn.authed) return send(conn, [{ T: 'error', code: 401, msg: 'not authenticated' }]);
      for (const channel of CHANNELS) {
        const list = message[channel];
        if (!Array.isArray(list)) continue;
        for (const s of list) {
          if (action === 'subscribe') conn.subs[channel].add(String(s));
          else conn.subs[channel].delete(String(s));
        }
      }
      return send(conn, [{ T: 'subscription', ...Object.fromEntries(CHANNELS.map((c) => [c, [...conn.subs[c]]])) }]);
    });
    return conn;
  };

  const server = await startFakeVenueServer({ onRequest, onConnection });
  const { port, conns, open } = server;

  return {
    wsUrl: `ws://127.0.0.1:${port}/v2/iex`,
    restUrl: `http://127.0.0.1:${port}`,
    received,
    restRequests,
    connectionCount: () => conns.length,
    openConnections: () => open().length,
    subscriptions: (channel) => [...(conns.at(-1)?.subs[channel] ?? [])].sort(),
    emit(items) {
      let sent = 0;
      for (const c of open()) {
        if (!c.authed) continue;
        const mine = items.filter((item) => c.subs[CHANNEL_OF[item.T]].has(item.S));
        if (mine.length === 0) continue;
        send(c, mine);
        sent++;
      }
      return sent;
    },
    sendRaw: server.sendRaw,
    dropConnections: server.dropConnections,
    setBars(symbol, timeframe, rows) {
      bars.set(
        `${symbol}|${timeframe}`,
        [...rows].sort((a, b) => Date.parse(a.t) - Date.parse(b.t)),
      );
    },
    close: server.close,
  };
}
