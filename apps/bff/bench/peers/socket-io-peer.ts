/**
 * Bench peer: socket.io 4 with rooms, one `emit` per update to the channel's room (socket.io
 * encodes a broadcast once and writes it to every member), websocket transport only, no
 * compression. Clients emit `subscribe` with their channels and receive `update` events.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { answerGcProbe, startPeerFeed } from './feed';

// NOTE: socket.io passes every other path to this handler (the bench's /metrics probe gets a 404).
const server = createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, httpCompression: false, serveClient: false });

io.on('connection', (socket) => {
  socket.on('subscribe', (channels: unknown) => {
    if (Array.isArray(channels)) void socket.join(channels.filter((c): c is string => typeof c === 'string'));
  });
});

startPeerFeed(({ channel, message }) => io.to(channel).emit('update', message));
answerGcProbe();
server.listen(0, '127.0.0.1', () => console.log(`socket.io peer running at http://127.0.0.1:${(server.address() as AddressInfo).port}`));
