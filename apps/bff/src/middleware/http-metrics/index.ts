import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';

/** Options of `httpMetrics`. */
export interface HttpMetricsOptions {
  duration: Histogram<'method' | 'route' | 'status'>;
  logger: Logger;
  now?: () => number;
}

/** Context variables `httpMetrics` reads (set by Hono's `requestId` middleware). */
export type HttpMetricsVariables = { requestId: string };

/**
 * Times every request into `http_request_duration_seconds{method,route,status}` and logs it
 * with its request id: `/api/*` at info, the rest (static files, probes, scrapes) at debug.
 * NOTE: `route` is the matched route pattern (`/api/candles`, `/*` for static files), never the
 * raw path, so the label set stays small; the log carries the path without its query string.
 */
export function httpMetrics(options: HttpMetricsOptions): MiddlewareHandler<{ Variables: HttpMetricsVariables }> {
  const now = options.now ?? (() => performance.now());
  return async (c, next) => {
    const started = now();
    await next();
    const seconds = (now() - started) / 1000;
    const route = matchedRoutes(c).at(c.req.routeIndex)?.path ?? 'unmatched';
    const status = c.res.status;
    options.duration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    const entry = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
    };
    if (c.req.path.startsWith('/api/')) options.logger.info(entry, 'request');
    else options.logger.debug(entry, 'request');
  };
}
