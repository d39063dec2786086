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
        let res: Response;
        try {
          res = await fetch(url, { headers: options.headers ?? {}, signal: AbortSignal.timeout(timeoutMs) });
        } catch (err) {
          throw new RestError(`GET ${url.pathname}: ${(err as Error).message}`, 0);
        }
        const text = await res.text();
        if (!res.ok) throw new RestError(`GET ${url.pathname}: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new RestError(`GET ${url.pathname}: response is not JSON`, res.status);
        }
      } finally {
        release();
      }
    },
    requests: () => sent,
  };
}
