const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `origin` normalized (`https://App.example:443` → `https://app.example`), or null when not a URL origin. */
function normalize(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Decides which browser Origins may open `/ws` and call state-changing REST endpoints. */
export type OriginPolicy = (origin: string | undefined) => boolean;

/**
 * The allowlist: the public origin(s) the app is served at, plus either `ALLOWED_ORIGINS` (`*`:
 * any) or, by default, localhost / 127.0.0.1 / [::1] on any port.
 * NOTE: never "whatever the Host header says": a DNS-rebinding page at evil.example, resolved
 * to this server, sends `Host: evil.example` and `Origin: http://evil.example` alike. Requests
 * without an Origin are not from a browser and pass (Origin checks protect browser users from
 * other sites; they are not authentication).
 */
export function createOriginPolicy(publicOrigins: readonly string[], allowedOrigins: readonly string[]): OriginPolicy {
  if (allowedOrigins.includes('*')) return () => true;
  const allowed = new Set([...publicOrigins, ...allowedOrigins].map(normalize).filter((o): o is string => o !== null));
  const loopback = allowedOrigins.length === 0;
  return (origin) => {
    if (origin === undefined) return true;
    const normalized = normalize(origin);
    if (normalized === null) return false;
    return allowed.has(normalized) || (loopback && LOOPBACK.has(new URL(normalized).hostname));
  };
}
