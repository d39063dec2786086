import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** A raw HTTP response: status and headers (lower-case names) and body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one request over a fresh TCP connection exactly as given (any `Host`, any `Origin`:
 * what `fetch` will not send, a DNS-rebinding page does) and reads the answer until the server
 * closes or, for a 101, until the headers end.
 */
export function rawRequest(port: number, requestLine: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const finish = (): void => {
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [status = '', ...lines] = head.split('\r\n');
      const parsed = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(status.split(' ')[1]), headers: parsed, body });
      socket.destroy();
    };
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      if (text.startsWith('HTTP/1.1 101') && text.includes('\r\n\r\n')) finish();
    });
    socket.once('end', finish);
    socket.once('error', reject);
    const all = { Connection: 'close', ...headers };
    socket.write(
      `${requestLine}\r\n${Object.entries(all)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
  });
}

/** The HTTP status a WebSocket upgrade of `/ws` gets with exactly these headers. */
export async function upgradeWith(port: number, headers: Record<string, string>, path = '/ws'): Promise<number> {
  const res = await rawRequest(port, `GET ${path} HTTP/1.1`, {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  });
  return res.status;
}
