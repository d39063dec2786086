import type { IncomingMessage } from 'node:http';

/** Counts open connections per client IP. */
export interface IpLimiter {
  /** True when `ip` may open one more connection (0 = no limit). */
  admits(ip: string): boolean;
  add(ip: string): void;
  remove(ip: string): void;
}

/** A per-IP connection counter with a limit of `max` (0: unlimited). */
export function createIpLimiter(max: number): IpLimiter {
  const counts = new Map<string, number>();
  return {
    admits: (ip) => max === 0 || (counts.get(ip) ?? 0) < max,
    add: (ip) => void counts.set(ip, (counts.get(ip) ?? 0) + 1),
    remove(ip) {
      const n = (counts.get(ip) ?? 1) - 1;
      if (n <= 0) counts.delete(ip);
      else counts.set(ip, n);
    },
  };
}

/**
 * The client's IP. Behind `trustProxyHops` reverse proxies it is the `X-Forwarded-For` entry the
 * outermost trusted proxy appended (counting from the right); entries further left are whatever
 * the client claimed and are never trusted.
 */
export function clientIp(req: IncomingMessage, trustProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list[Math.max(0, list.length - trustProxyHops)] ?? peer;
}
