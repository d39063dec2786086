import type { Hono } from 'hono';
import type { Logger } from 'pino';

/** What the server offers a source extension once it is built. */
export interface ExtensionHost {
  /** The largest backlog of any one client: messages queued for its next frame, bytes its socket has not sent. */
  backlog(): { messages: number; bytes: number };
  /**
   * Restarts the streams (only for a `restartable` extension): every client is closed with 1012
   * and `reason`, then the broker starts a new epoch and a new pipeline seeds itself at the
   * pipeline clock. Resolves when the new pipeline is live.
   */
  restartStreams(reason: string): Promise<void>;
  logger: Logger;
}

/**
 * What a source may add to the server besides being a `MarketSource`: its own clock, REST routes
 * and lifecycle hooks. The server treats every extension alike (the replay is one).
 */
export interface SourceExtension {
  /**
   * The pipeline's clock instead of the wall clock (a replay runs on recorded time). The session
   * scheduler, which follows the wall clock, then stays off.
   */
  clock?: () => number;
  /** True when the extension calls `host.restartStreams`: broker and pipeline are then built behind stand-ins. */
  restartable?: boolean;
  /** REST routes it serves, mounted at the root beside the contract's. */
  routes?: Hono;
  /** Called once, when the server is built and before it listens. */
  attach?(host: ExtensionHost): void;
  /** Called on shutdown after the pipeline has stopped (flush what it writes). */
  close?(): Promise<void>;
}

/** The first clock the extensions give, if any. */
export function extensionClock(extensions: readonly SourceExtension[]): (() => number) | undefined {
  return extensions.find((e) => e.clock !== undefined)?.clock;
}
