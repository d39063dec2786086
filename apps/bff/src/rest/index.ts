import { zValidator } from '@hono/zod-validator';
import { CALENDARS, searchInstruments, type MarketId } from '@candlewire/market';
import { INTERVALS, RestErrorCode, SYMBOL_PATTERN, type SymbolInfo } from '@candlewire/protocol';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ClusterStatus } from '../cluster';
import type { Metrics } from '../metrics';
import type { Pipeline } from '../pipeline';
import type { MarketSource, SourceStatus } from '../sources/types';
import { marketInfos } from '../pulse/markets';

export { marketInfos };

/** What REST reads of the market-data side: one source, composed of others (the router is one). */
export interface RestSource extends MarketSource {
  /** The composed sources, for their `/metrics` counters. */
  sources(): readonly MarketSource[];
  /** How many symbols are subscribed upstream at source `sourceId`. */
  subscribedCount(sourceId: string): number;
}

/** What the REST routes read. */
export interface RestDeps {
  pipeline: Pipeline;
  source: RestSource;
  /** Per-source health for `/api/status` and `/metrics`. */
  sourceStatus: () => SourceStatus[];
  metrics: Metrics;
  connections: () => number;
  subscriptions: () => number;
  channels: () => number;
  isReady: () => boolean;
  /** Role, lease and Redis state when running on Redis. */
  cluster?: () => Promise<ClusterStatus>;
  /** Brings series kept elsewhere (the cluster's) up to date before `/metrics` renders. */
  collectMetrics?: () => Promise<void>;
  startedAt: number;
  /** Epoch seconds where instruments' history begins: no candle before it is ever served. */
  historyStartSec?: number;
  /** Whether the request's token may see `symbol` (its `channels` claim); absent: every symbol. */
  symbolVisible?: (c: Context, symbol: string) => boolean;
  now?: () => number;
}

const MARKETS = Object.keys(CALENDARS) as [MarketId, ...MarketId[]];

const symbolsQuery = z.object({
  q: z.string().max(64).optional(),
  market: z.enum(MARKETS).optional(),
});

const candlesQuery = z.object({
  symbol: z.string().regex(SYMBOL_PATTERN, 'symbol must match [A-Z0-9][A-Z0-9._-]{0,31} (upper case)'),
  interval: z.enum(INTERVALS),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

const restError = (c: Context, status: 400 | 404 | 503, code: string, message: string) => c.json({ error: { code, message } }, status);

/** Answers a failed validation with the contract's 400 body. */
const badRequest = (result: { success: boolean; error?: unknown }, c: Context) => {
  if (result.success) return undefined;
  const issues = (result.error as z.ZodError).issues;
  return restError(c, 400, RestErrorCode.BAD_REQUEST, issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
};

/** Creates the REST routes (contract §7). */
export function createRestApp(deps: RestDeps) {
  const now = deps.now ?? Date.now;
  return new Hono()
    .get('/api/symbols', zValidator('query', symbolsQuery, badRequest), (c) => {
      const { q, market } = c.req.valid('query');
      // NOTE: the served list, not the built-in one: routes narrow it, EXTRA_INSTRUMENTS extend it.
      // NOTE: with auth on, a symbol none of whose channels the token allows is not listed.
      const visible = deps.symbolVisible ?? (() => true);
      const symbols: SymbolInfo[] = searchInstruments(q ?? '', market, deps.pipeline.instruments())
        .filter((i) => visible(c, i.symbol))
        .map(({ symbol, name, market: m, currency, tickSize, timezone }) => ({ symbol, name, market: m, currency, tickSize, timezone }));
      return c.json({ symbols }, 200);
    })
    .get('/api/candles', zValidator('query', candlesQuery, badRequest), async (c) => {
      const { symbol, interval, before, limit } = c.req.valid('query');
      if (deps.pipeline.instrument(symbol) === undefined) return restError(c, 404, RestErrorCode.UNKNOWN_SYMBOL, `No instrument ${symbol}`);
      if (!deps.isReady()) return restError(c, 503, RestErrorCode.UNAVAILABLE, 'starting up, retry shortly');
      const start = deps.historyStartSec ?? 0;
      // NOTE: nothing exists before the history starts: answer at once instead of asking the source about 1970.
      if (before !== undefined && before <= start) return c.json({ symbol, interval, candles: [] }, 200);
      try {
        const candles = (await deps.pipeline.candles(symbol, interval, before ?? Math.floor(now() / 1000) + 1, limit)).filter(
          (k) => k.time >= start,
        );
        return c.json({ symbol, interval, candles }, 200);
      } catch (err) {
        // NOTE: a venue's history can be unreachable (network, venue down): that is the
        // upstream's state, not a bug here, so it is a retryable 503 that says what failed.
        c.header('Retry-After', '5');
        const reason = err instanceof Error ? err.message : String(err);
        return restError(c, 503, RestErrorCode.UNAVAILABLE, `history of ${symbol} is unavailable from its source: ${reason}`);
      }
    })
    .get('/api/status', async (c) => {
      const health = deps.source.health();
      const cluster = deps.cluster === undefined ? undefined : await deps.cluster();
      return c.json({
        status: !deps.isReady() ? 'starting' : health.state === 'down' ? 'degraded' : 'ok',
        uptimeSec: Math.floor((now() - deps.startedAt) / 1000),
        connections: deps.connections(),
        subscriptions: deps.subscriptions(),
        channels: deps.channels(),
        sources: deps.sourceStatus(),
        markets: marketInfos(deps.source, now()),
        ...(cluster === undefined ? {} : { cluster }),
      });
    })
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', (c) => {
      const state = deps.source.health().state;
      return deps.isReady() && state !== 'down' ? c.json({ status: 'ready' }) : c.json({ status: 'not ready', source: state }, 503);
    })
    .get('/metrics', async (c) => {
      const { metrics, source, pipeline } = deps;
      metrics.channels.set(deps.channels());
      metrics.rejectedTrades.set(pipeline.rejectedTrades());
      metrics.rejectedCandles.set(pipeline.rejectedCandles());
      for (const status of deps.sourceStatus()) {
        for (const s of ['live', 'stale', 'closed', 'down'])
          metrics.sourceState.set({ source: status.id, state: s }, s === status.state ? 1 : 0);
      }
      for (const s of source.sources()) {
        const stats = s.stats?.() ?? { rejectedFrames: 0, connects: 0, frames: 0 };
        metrics.sourceRejectedFrames.set({ source: s.id }, stats.rejectedFrames);
        metrics.sourceConnects.set({ source: s.id }, stats.connects);
        metrics.sourceFrames.set({ source: s.id }, stats.frames);
        metrics.sourceSubscribedSymbols.set({ source: s.id }, source.subscribedCount(s.id));
      }
      await deps.collectMetrics?.();
      return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
    });
}

/** The REST app's type, for a typed `hc` client. */
export type RestApp = ReturnType<typeof createRestApp>;
