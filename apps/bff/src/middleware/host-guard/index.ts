import type { MiddlewareHandler } from 'hono';
import type { HostPolicy } from '../../auth';

/** Probes answer any Host: orchestrators call them by pod IP or service name, and they carry no data. */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * Requests whose `Host` is not on the allowlist get 403 JSON (like Vite's `allowedHosts`): a
 * DNS-rebinding page, served from evil.example that now resolves to this server, would
 * otherwise read REST data same-origin. `/healthz` and `/readyz` are exempt.
 */
export function hostGuard(isHostAllowed: HostPolicy): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (PROBES.has(c.req.path) || isHostAllowed(host)) return next();
    return c.json(
      { error: { code: 'FORBIDDEN', message: `host ${host ?? ''} is not allowed: add it to ALLOWED_HOSTS or PUBLIC_ORIGIN` } },
      403,
    );
  };
}
