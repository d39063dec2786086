/** The cookie the web app keeps its access token in (same-origin REST and `/ws` send it). */
export const AUTH_COOKIE = 'candlewire_token';

/** The value of cookie `name` in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The access token of a request: `Authorization: Bearer <JWT>` first, then the `candlewire_token`
 * cookie, then (WebSocket upgrades only, as the contract says) `?token=`.
 */
export function requestToken(
  headers: { authorization?: string | undefined; cookie?: string | undefined },
  queryToken: string | null = null,
): string | null {
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer?.[1] !== undefined) return bearer[1];
  return readCookie(headers.cookie, AUTH_COOKIE) ?? queryToken;
}
