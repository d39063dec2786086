/**
 * Where the dashboard connects: the gateways an operator lists in the page's runtime config
 * (`window.candlewireConfig.wsUrls`, e.g. from a `/config.js`), else the page's own origin. With
 * several, the SDK starts on a random one and moves to the next when its socket is lost.
 */

/** The part of the page's runtime config that names the gateways. */
export interface GatewayConfig {
  wsUrls?: unknown;
}

/** The configured gateway URLs (ws: or wss:), or `fallback` when none are valid. */
export function gatewayUrls(config: GatewayConfig | undefined, fallback: string): string[] {
  const listed = Array.isArray(config?.wsUrls) ? config.wsUrls : [];
  const valid = listed.filter((u): u is string => typeof u === 'string' && /^wss?:\/\/[^\s]+$/.test(u));
  return valid.length > 0 ? valid : [fallback];
}

/** The gateways of this page. */
export function pageGatewayUrls(fallback: string): string[] {
  return gatewayUrls((globalThis as { candlewireConfig?: GatewayConfig }).candlewireConfig, fallback);
}
