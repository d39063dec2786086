import type { MiddlewareHandler } from 'hono';
import type { OriginPolicy } from '../../auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State-changing requests (anything but GET/HEAD/OPTIONS) from a foreign Origin get 403: a
 * bodiless cross-site POST needs no CORS preflight, so without this any page could pause or
 * rewind a replay for every client. A browser request without Origin that says it is
 * cross-site (`Sec-Fetch-Site`) is refused too; requests from non-browsers carry neither and pass.
 */
export function originGuard(isOriginAllowed: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const crossSite = origin === undefined && c.req.header('sec-fetch-site') === 'cross-site';
    if (crossSite || !isOriginAllowed(origin)) {
      return c.json(
        { error: { code: 'FORBIDDEN', message: `origin ${origin ?? '(cross-site)'} may not call ${c.req.method} ${c.req.path}` } },
        403,
      );
    }
    return next();
  };
}
