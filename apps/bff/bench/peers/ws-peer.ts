/**
 * Bench peer: a plain `ws` server. Each update is serialized once and sent to every subscriber
 * with `ws.send` (one frame per update per subscriber, no batching, no compression).
 * Speaks the subset of the Candlewire protocol the bench clients use: `subscribe`, `update`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { answerGcProbe, startPeerFeed } from './feed';

const subscribers = new Map<string, Set<WebSocket>>();
const server = createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });

wss.on('connection', (ws) => {
  const mine = new Set<string>();
  ws.on('message', (data) => {
    const msg = JSON.parse((data as Buffer).toString('utf8')) as { op?: string; channels?: string[] };
    if (msg.op !== 'subscribe') return;
    for (const channel of msg.channels ?? []) {
      mine.add(channel);
      let set = subscribers.get(channel);
      if (set === undefined) subscribers.set(channel, (set = new Set()));
      set.add(ws);
    }
  });
  ws.on('close', () => {
    for (const channel of mine) subscribers.get(channel)?.delete(ws);
  });
});

startPeerFeed(({ channel, message }) => {
  const set = subscribers.get(channel);
  if (set === undefined || set.size === 0) return;
  const text = JSON.stringify(message);
  for (const ws of set) ws.send(text);
});
answerGcProbe();
server.listen(0, '127.0.0.1', () => console.log(`ws peer running at http://127.0.0.1:${(server.address() as AddressInfo).port}`));
