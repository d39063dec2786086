import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRestClient, RestError } from './rest-json';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => {
    server.closeAllConnections();
    return new Promise((r) => server.close(() => r()));
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('REST JSON client', () => {
  it('sends headers and query, parses JSON, never has more than maxConcurrent requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: string[] = [];
    const base = await serve((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      seen.push(`${req.url ?? ''} ${String(req.headers['x-key'])}`);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url }));
      }, 20);
    });
    const rest = createRestClient({ baseUrl: base, headers: { 'x-key': 'k' }, maxConcurrent: 2 });
    const bodies = await Promise.all([1, 2, 3, 4, 5].map((i) => rest.get('/a', { n: i, skip: undefined })));
    expect(bodies).toEqual([1, 2, 3, 4, 5].map((i) => ({ url: `/a?n=${i}` })));
    expect(peak).toBe(2);
    expect(seen[0]).toBe('/a?n=1 k');
    expect(rest.requests()).toBe(5);
  });

  it('rejects with RestError on HTTP errors, non-JSON bodies and refused connections', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/404') res.writeHead(404).end('nope');
      else res.writeHead(200).end('<html>');
    });
    const rest = createRestClient({ baseUrl: base });
    await expect(rest.get('/404')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('HTTP 404 nope') as unknown });
    await expect(rest.get('/html')).rejects.toThrow(/not JSON/);
    await close?.();
    close = undefined;
    await expect(rest.get('/x')).rejects.toBeInstanceOf(RestError);
  });
});
