import { decodeServerFrame, type ServerMessage } from '@candlewire/protocol';
import WebSocket from 'ws';

/** How a test client's connection ended. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** A real `ws` client that records every server message, for tests and tools. */
export interface TestClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[];
  /** Frames received (a batch of several messages counts once). */
  frames: number;
  send(message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** Resolves with the first message (already received or future) matching `match`. */
  waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  /** Resolves once `count` messages match. */
  waitForCount<T extends ServerMessage>(match: (m: ServerMessage) => m is T, count: number, timeoutMs?: number): Promise<T[]>;
  waitForCount(match: (m: ServerMessage) => boolean, count: number, timeoutMs?: number): Promise<ServerMessage[]>;
  closed: Promise<CloseInfo>;
  close(): Promise<CloseInfo>;
}

/** Opens a client to `url` and resolves after the `welcome` message. */
export async function connectClient(url: string, options: { origin?: string } = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options.origin === undefined ? {} : { origin: options.origin });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  const client: TestClient = {
    ws,
    messages,
    frames: 0,
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (text) => ws.send(text),
    async waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs = 10_000): Promise<T> {
      const [first] = await client.waitForCount(match, 1, timeoutMs);
      if (first === undefined) throw new Error('unreachable: waitForCount resolved empty');
      return first;
    },
    waitForCount<T extends ServerMessage>(match: (m: ServerMessage) => m is T, count: number, timeoutMs = 10_000): Promise<T[]> {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.filter(match);
          if (found.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out waiting for ${count} message(s); got ${messages.filter(match).length}; last: ${JSON.stringify(messages.slice(-3)).slice(0, 400)}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    close() {
      ws.close();
      return client.closed;
    },
  };
  ws.on('message', (data) => {
    client.frames++;
    // NOTE: a server message that breaks the contract fails the test that received it.
    messages.push(
      ...decodeServerFrame((data as Buffer).toString('utf8'), (rejected) => {
        throw new Error(`server message breaks the contract: ${rejected.reason}: ${JSON.stringify(rejected.message).slice(0, 300)}`);
      }),
    );
    for (const check of [...waiters]) check();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  await client.waitFor((m) => m.type === 'welcome');
  return client;
}
