import http from 'node:http';
import https from 'node:https';

/**
 * A small JSON-over-HTTP GET client for venue REST history (Yahoo chart API, Alpaca bars):
 * base URL from config, fixed headers, a per-request timeout and a cap on requests in flight,
 * so a BFF seeding dozens of symbols never floods a venue.
 */

/** A venue answered with a non-2xx status, non-JSON, or not in time. */
export class RestError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
  ) {
    super(message);
  }
}

/** Options of `createRestClient`. */
export interface RestClientOptions {
  /** Base URL, e.g. `https://query1.finance.yahoo.com` (a trailing slash is ignored). */
  baseUrl: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Abort a request after this long, ms (default 10,000). */
  timeoutMs?: number;
  /** Requests in flight at most (default 4); the rest wait in order. */
  maxConcurrent?: number;
}

/** GETs JSON from one venue host. */
export interface RestClient {
  /** GET `path` with `query` (undefined values left out); resolves with the parsed body or rejects with RestError. */
  get(path: string, query?: Record<string, string | number | undefined>): Promise<unknown>;
  /** Requests sent so far (tests assert on pacing with it). */
  requests(): number;
}

/**
 * One GET with node:http(s).
 * NOTE: not `fetch`: undici's internal timers would be frozen by fake timers in tests.
 */
function getJson(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.get(url, { headers: { accept: 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(new RestError(`GET ${url.pathname}: ${err.message}`, 0)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        if (status < 200 || status >= 300) {
          reject(new RestError(`GET ${url.pathname}: HTTP ${status} ${text.slice(0, 200)}`, status));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new RestError(`GET ${url.pathname}: response is not JSON`, status));
        }
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new RestError(`GET ${url.pathname}: no answer within ${timeoutMs} ms`, 0)));
    req.on('error', (err) => reject(err instanceof RestError ? err : new RestError(`GET ${url.pathname}: ${err.message}`, 0)));
  });
}

/** Creates a REST client; see RestClientOptions. */
export function createRestClient(options: RestClientOptions): RestClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxConcurrent = options.maxConcurrent ?? 4;
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let sent = 0;

  const acquire = async (): Promise<void> => {
    if (inFlight < maxConcurrent) {
      inFlight++;
      return;
    }
    // NOTE: the releasing request hands its slot over directly (inFlight unchanged), so a
    // newcomer can never overtake a waiter.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) next();
    else inFlight--;
  };

  return {
    async get(path, query = {}) {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
      await acquire();
      sent++;
      try {
        return await getJson(url, options.headers ?? {}, timeoutMs);
      } finally {
        release();
      }
    },
    requests: () => sent,
  };
}
