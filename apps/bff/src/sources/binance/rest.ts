import http from 'node:http';
import https from 'node:https';
import { INTERVAL_SECONDS, type Interval } from '@candlewire/protocol';
import { parseKlines, type Kline } from './frames';
import { toBinanceSymbol } from './symbols';

/** Most klines Binance returns per call. */
export const KLINES_PAGE_LIMIT = 1000;

/** A GET of a JSON document (injectable for tests; default: node:http/https). */
export type GetJson = (url: string) => Promise<unknown>;

/** A REST call failed (HTTP status, network, timeout or an invalid body). */
export class BinanceRestError extends Error {}

/**
 * GET `url` and parse its JSON body, with node:http(s).
 * NOTE: not `fetch`: undici's internal timers would be frozen by fake timers in tests.
 */
export function createGetJson(timeoutMs = 10_000): GetJson {
  return (url) =>
    new Promise((resolve, reject) => {
      const lib = url.startsWith('https:') ? https : http;
      const req = lib.get(url, { headers: { accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
            reject(new BinanceRestError(`GET ${url}: HTTP ${res.statusCode ?? '?'} ${body.slice(0, 200)}`));
            return;
          }
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new BinanceRestError(`GET ${url}: invalid JSON`));
          }
        });
      });
      req.setTimeout(timeoutMs, () => req.destroy(new BinanceRestError(`GET ${url}: timeout after ${timeoutMs} ms`)));
      req.on('error', (err) => reject(err instanceof BinanceRestError ? err : new BinanceRestError(`GET ${url}: ${err.message}`)));
    });
}

/** Options of `createKlinesClient`. */
export interface KlinesClientOptions {
  /** REST base, e.g. `https://api.binance.com`. */
  restUrl: string;
  getJson?: GetJson;
}

/** Paged access to `GET /api/v3/klines`. */
export interface KlinesClient {
  /** Every kline of `interval` with open time in [startMs, endMs], oldest first (paged, ≤ 1000 per call). */
  fetch(symbol: string, interval: Interval, startMs: number, endMs: number): Promise<Kline[]>;
  /** REST calls made. */
  calls(): number;
}

/** Creates a klines client. */
export function createKlinesClient(options: KlinesClientOptions): KlinesClient {
  const getJson = options.getJson ?? createGetJson();
  const base = options.restUrl.replace(/\/+$/, '');
  let calls = 0;
  return {
    async fetch(symbol, interval, startMs, endMs) {
      const out: Kline[] = [];
      let from = Math.max(0, Math.floor(startMs));
      const step = INTERVAL_SECONDS[interval] * 1000;
      while (from <= endMs) {
        const params = new URLSearchParams({
          symbol: toBinanceSymbol(symbol),
          interval,
          startTime: String(from),
          endTime: String(Math.floor(endMs)),
          limit: String(KLINES_PAGE_LIMIT),
        });
        calls += 1;
        let page: Kline[];
        try {
          page = parseKlines(await getJson(`${base}/api/v3/klines?${params.toString()}`));
        } catch (err) {
          if (err instanceof BinanceRestError) throw err;
          throw new BinanceRestError(`klines ${symbol} ${interval}: invalid response (${(err as Error).message.slice(0, 200)})`);
        }
        for (const k of page) if (k.openTime >= from && k.openTime <= endMs && (out.at(-1)?.openTime ?? -1) < k.openTime) out.push(k);
        const last = page.at(-1);
        if (page.length < KLINES_PAGE_LIMIT || last === undefined) break;
        // NOTE: every UTC bucket of our intervals is `step` long (1d included: crypto days are UTC).
        from = last.openTime + step;
      }
      return out;
    },
    calls: () => calls,
  };
}
