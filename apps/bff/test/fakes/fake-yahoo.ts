/**
 * A fake Yahoo Finance for tests: one real HTTP server on 127.0.0.1 port 0 that serves the chart
 * API (`GET /v8/finance/chart/{symbol}`) and the streamer WebSocket (`{"subscribe":[…]}` /
 * `{"unsubscribe":[…]}` in; base64 `PricingData`, wrapped as `{"type":"pricing","message":…}`
 * like `?version=2`, or bare base64 like version 1, out). It records what clients send and can
 * emit ticks, drop connections and send malformed frames on command.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { startFakeVenueServer } from './fake-venue';
import { encodePricingBase64, type PricingData } from '../../src/sources/yahoo/pricing-data';
import type { YahooBar } from '../../src/sources/yahoo/chart';

/** Frame style of the streamer: v2 JSON wrapper or v1 bare base64. */
export type FakeYahooFormat = 'json' | 'base64';

/** One chart API request the fake served. */
export interface ChartRequest {
  symbol: string;
  interval: string;
  period1: number;
  period2: number;
}

/** A running fake Yahoo. */
export interface FakeYahoo {
  /** Streamer URL (`ws://127.0.0.1:port/?version=2`). */
  readonly wsUrl: string;
  /** Chart API base URL (`http://127.0.0.1:port`). */
  readonly restUrl: string;
  /** Every parsed client message, in arrival order (connection index = order of connect). */
  readonly received: { connection: number; message: unknown }[];
  /** Chart API requests served. */
  readonly chartRequests: ChartRequest[];
  /** Connections accepted so far. */
  connectionCount(): number;
  /** WebSocket upgrade requests so far, refused ones included. */
  upgradeAttempts(): number;
  /** Open connections now. */
  openConnections(): number;
  /** Yahoo symbols the latest connection is subscribed to. */
  subscriptions(): string[];
  /** Sends a tick to every open connection subscribed to `data.id`; returns how many got it. */
  tick(data: PricingData): number;
  /** Sends a raw text frame to every open connection. */
  sendRaw(text: string): void;
  /** Cuts every open connection without a close handshake (network failure). */
  dropConnections(): void;
  /** Refuses (HTTP 503) the next `n` WebSocket upgrades. */
  refuseUpgrades(n: number): void;
  /** Sets the bars the chart API returns for `symbol` at `interval` (filtered to period1..period2). */
  setBars(symbol: string, interval: string, bars: YahooBar[]): void;
  /** Makes the chart API answer `status` with `body` for `symbol` (e.g. a 404 chart error). */
  setChartError(symbol: string, status: number, body: string): void;
  close(): Promise<void>;
}

interface Conn {
  index: number;
  ws: WebSocket;
  symbols: Set<string>;
}

/** Starts a fake Yahoo on port 0. */
export async function startFakeYahoo(options: { format?: FakeYahooFormat } = {}): Promise<FakeYahoo> {
  const format = options.format ?? 'json';
  const bars = new Map<string, YahooBar[]>();
  const errors = new Map<string, { status: number; body: string }>();
  const received: FakeYahoo['received'] = [];
  const chartRequests: ChartRequest[] = [];

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || match === null) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"finance":{"error":{"code":"Not Found"}}}');
      return;
    }
    const symbol = decodeURIComponent(match[1] ?? '');
    const interval = url.searchParams.get('interval') ?? '1d';
    const period1 = Number(url.searchParams.get('period1'));
    const period2 = Number(url.searchParams.get('period2'));
    chartRequests.push({ symbol, interval, period1, period2 });
    const error = errors.get(symbol);
    if (error !== undefined) {
      res.writeHead(error.status, { 'content-type': 'application/json' }).end(error.body);
      return;
    }
    const rows = (bars.get(`${symbol}|${interval}`) ?? []).filter((b) => b.time >= period1 && b.time < period2);
    const body = {
      chart: {
        result: [
          {
            meta: { symbol, dataGranularity: interval },
            ...(rows.length > 0 ? { timestamp: rows.map((b) => b.time) } : {}),
            indicators: {
              quote: [
                rows.length > 0
                  ? {
                      open: rows.map((b) => b.open),
                      high: rows.map((b) => b.high),
                      low: rows.map((b) => b.low),
                      close: rows.map((b) => b.close),
                      volume: rows.map((b) => b.volume),
                    }
                  : {},
              ],
            },
          },
        ],
        error: null,
      },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const onConnection = (ws: WebSocket, index: number): Conn => {
    const conn: Conn = { index, ws, symbols: new Set() };
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString('utf8');
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        message = text;
      }
      received.push({ connection: conn.index, message });
      if (typeof message !== 'object' || message === null) return;
      const { subscribe, unsubscribe } = message as { subscribe?: unknown; unsubscribe?: unknown };
      if (Array.isArray(subscribe)) for (const s of subscribe) conn.symbols.add(String(s));
      if (Array.isArray(unsubscribe)) for (const s of unsubscribe) conn.symbols.delete(String(s));
    });
    return conn;
  };

  const server = await startFakeVenueServer({ onRequest, onConnection });
  const { port, conns, open } = server;

  return {
    wsUrl: `ws://127.0.0.1:${port}/?version=2`,
    restUrl: `http://127.0.0.1:${port}`,
    received,
    chartRequests,
    connectionCount: () => conns.length,
    upgradeAttempts: server.upgradeAttempts,
    openConnections: () => open().length,
    subscriptions: () => [...(conns.at(-1)?.symbols ?? [])].sort(),
    tick(data) {
      const payload = encodePricingBase64(data);
      const text = format === 'json' ? JSON.stringify({ type: 'pricing', message: payload }) : payload;
      let sent = 0;
      for (const c of open()) {
        if (!c.symbols.has(data.id)) continue;
        c.ws.send(text);
        sent++;
      }
      return sent;
    },
    sendRaw: server.sendRaw,
    dropConnections: server.dropConnections,
    refuseUpgrades: server.refuseUpgrades,
    setBars(symbol, interval, rows) {
      bars.set(
        `${symbol}|${interval}`,
        [...rows].sort((a, b) => a.time - b.time),
      );
    },
    setChartError(symbol, status, body) {
      errors.set(symbol, { status, body });
    },
    close: server.close,
  };
}
