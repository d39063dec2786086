import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createMemoryBroker } from '../src/broker/memory';
import type { Broker } from '../src/broker/types';
import { createConnection, type Connection } from '../src/gateway/connection';
import { createFanout, type Fanout, type FanoutOptions } from '../src/gateway/fanout';
import { createMetrics } from '../src/metrics';

/** A fan-out over a real memory broker, serving real `ws` connections on a port-0 HTTP server. */
export interface FanoutHarness {
  url: string;
  broker: Broker;
  fanout: Fanout;
  /** Server-side connections, in accept order. */
  connections: Connection[];
  /** Connections the fan-out called slow (they are closed with 1013). */
  slow: Connection[];
  /** Sets the event-loop load the fan-out sees (0..1). */
  setLoad(load: number): void;
  close(): Promise<void>;
}

/** Starts the harness; `options` override the fan-out's limits. */
export async function startFanoutHarness(
  options: Partial<Pick<FanoutOptions, 'flushMs' | 'maxBufferedBytes' | 'maxTotalBufferedBytes'>> = {},
): Promise<FanoutHarness> {
  const broker = createMemoryBroker({ epoch: 'test' });
  const connections: Connection[] = [];
  const slow: Connection[] = [];
  let load = 0;
  const fanout = createFanout({
    broker,
    metrics: createMetrics(),
    flushMs: options.flushMs ?? 20,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxTotalBufferedBytes: options.maxTotalBufferedBytes ?? 256 * 1024 * 1024,
    onSlowConsumer: (c) => {
      slow.push(c);
      c.closed = true;
      c.ws.close(1013, 'too far behind');
    },
    now: () => Date.now(),
    load: () => load,
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  const server: Server = createServer();
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) =>
      connections.push(createConnection(`c${connections.length}`, ws, null, 100, Date.now(), socket)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    broker,
    fanout,
    connections,
    slow,
    setLoad: (value) => void (load = value),
    async close() {
      for (const c of connections) c.ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
