import { isIP } from 'node:net';

/** Decides which `Host` headers the BFF answers (DNS-rebinding defence). */
export type HostPolicy = (host: string | undefined) => boolean;

/** The host name of a `Host` header or an origin/host entry, lower case, without port or trailing dot. */
export function hostName(value: string): string {
  let v = value.trim().toLowerCase();
  const scheme = v.indexOf('://');
  if (scheme >= 0) v = v.slice(scheme + 3).split('/')[0] ?? '';
  const name = v.startsWith('[') ? v.slice(0, v.indexOf(']') + 1) : (v.split(':')[0] ?? '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** True for an IPv4 literal or a bracketed IPv6 literal (`[::1]`). */
function isIpLiteral(name: string): boolean {
  return name.startsWith('[') && name.endsWith(']') ? isIP(name.slice(1, -1)) === 6 : isIP(name) === 4;
}

/** True for localhost and its subdomains (RFC 6761: they resolve to loopback). */
const isLocalhost = (name: string) => name === 'localhost' || name.endsWith('.localhost');

/**
 * The Host allowlist, like Vite's `server.allowedHosts`: the hosts of the public origin(s), the
 * `ALLOWED_HOSTS` entries (`.example.com` also allows every subdomain; `*` disables the check),
 * localhost and IP literals (a rebinding page cannot make a browser send an IP as its Host).
 * NOTE: a DNS-rebinding page at evil.example, resolved to this server, reaches it with
 * `Host: evil.example`; answering only known names keeps it from reading REST data. Requests
 * without a Host (HTTP/1.0, not from a browser) pass.
 */
export function createHostPolicy(publicOrigins: readonly string[], allowedHosts: readonly string[]): HostPolicy {
  if (allowedHosts.includes('*')) return () => true;
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of [...publicOrigins, ...allowedHosts]) {
    const trimmed = entry.trim();
    if (trimmed.startsWith('.')) suffixes.push(hostName(trimmed.slice(1)));
    else if (trimmed !== '') exact.add(hostName(trimmed));
  }
  return (host) => {
    if (host === undefined || host === '') return true;
    const name = hostName(host);
    return exact.has(name) || isLocalhost(name) || isIpLiteral(name) || suffixes.some((s) => name === s || name.endsWith(`.${s}`));
  };
}
