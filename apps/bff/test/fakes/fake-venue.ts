/**
 * The server plumbing of the fake venues (`fake-alpaca.ts`, `fake-yahoo.ts`): one real HTTP
 * server on 127.0.0.1 port 0 for REST and WebSocket upgrades, the accepted connections in order,
 * refused upgrades on command, and a close that cuts everything. The venue supplies the REST
 * handler and its per-connection protocol.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** What a fake venue plugs into the server. */
export interface FakeVenueServerOptions<C extends { ws: WebSocket }> {
  /** Serves one REST request. */
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Sets up an accepted WebSocket (`index` = order of connect) and returns its record. */
  onConnection(ws: WebSocket, index: number): C;
}

/** A running fake venue server. */
export interface FakeVenueServer<C extends { ws: WebSocket }> {
  readonly port: number;
  /** Every connection accepted so far, in order. */
  readonly conns: readonly C[];
  /** The connections open now. */
  readonly open: () => C[];
  /** WebSocket upgrade requests so far, refused ones included. */
  readonly upgradeAttempts: () => number;
  /** Refuses (HTTP 503) the next `n` WebSocket upgrades. */
  readonly refuseUpgrades: (n: number) => void;
  /** Sends a raw text frame to every open connection. */
  readonly sendRaw: (text: string) => void;
  /** Cuts every open connection without a close handshake (network failure). */
  readonly dropConnections: () => void;
  readonly close: () => Promise<void>;
}

/** Starts a fake venue server on 127.0.0.1 port 0. */
export async function startFakeVenueServer<C extends { ws: WebSocket }>(options: FakeVenueServerOptions<C>): Promise<FakeVenueServer<C>> {
  const conns: C[] = [];
  let refuse = 0;
  let upgrades = 0;
  const server = createServer((req, res) => options.onRequest(req, res));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    upgrades++;
    if (refuse > 0) {
      refuse--;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => void conns.push(options.onConnection(ws, conns.length)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const open = (): C[] => conns.filter((c) => c.ws.readyState === c.ws.OPEN);
  return {
    port,
    conns,
    open,
    upgradeAttempts: () => upgrades,
    refuseUpgrades(n) {
      refuse = n;
    },
    sendRaw(text) {
      for (const c of open()) c.ws.send(text);
    },
    dropConnections() {
      for (const c of open()) c.ws.terminate();
    },
    async close() {
      for (const c of conns) c.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
