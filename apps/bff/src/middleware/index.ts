import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import type { HostPolicy, OriginPolicy, TokenVerifier } from '../auth';
import { restAuth, type MetricsAccess } from './auth';
import { hostGuard } from './host-guard';
import { httpMetrics } from './http-metrics';
import { originGuard } from './origin-guard';
import { securityHeaders } from './security-headers';

export { requestClaims } from './auth';

/** What the app-level middleware needs. */
export interface MiddlewareDeps {
  verifier: TokenVerifier | null;
  isOriginAllowed: OriginPolicy;
  isHostAllowed: HostPolicy;
  metricsAccess: MetricsAccess;
  publicOrigins: readonly string[];
  corsOrigins: readonly string[];
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  logger: Logger;
}

/**
 * Mounts the app-level middleware, in order: request id, timing and request log, security
 * headers, the Host allowlist, CORS (only where configured), the Origin guard of state-changing requests, auth.
 * NOTE: mounted on the root app before any route, so it covers every route however and wherever
 * it is defined (REST, replay controls, static files).
 */
export function mountMiddleware(app: Hono, deps: MiddlewareDeps): void {
  app.use('*', requestId());
  app.use('*', httpMetrics({ duration: deps.httpDuration, logger: deps.logger }));
  app.use('*', securityHeaders(deps.publicOrigins));
  app.use('*', hostGuard(deps.isHostAllowed));
  if (deps.corsOrigins.length > 0) {
    const origin = deps.corsOrigins.includes('*') ? '*' : [...deps.corsOrigins];
    app.use('/api/*', cors({ origin, allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  }
  app.use('*', originGuard(deps.isOriginAllowed));
  app.use('*', restAuth({ verifier: deps.verifier, metricsAccess: deps.metricsAccess }));
}
