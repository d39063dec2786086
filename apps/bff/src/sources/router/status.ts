import type { SourceState, SourceStatus } from '../types';
import type { RouterSource } from './router-source';

export type { SourceStatus };

/** Per-source health for `/api/status`; `symbolStates` holds the symbols reported not live. */
export function describeSources(router: RouterSource, symbolStates: ReadonlyMap<string, SourceState>): SourceStatus[] {
  return router.sources().map((source) => {
    const { state, lastMessageAt } = source.health();
    const symbols: Record<string, SourceState> = {};
    for (const [symbol, s] of symbolStates) if (router.ownerOf(symbol) === source) symbols[symbol] = s;
    return { id: source.id, state, lastMessageAt, symbols };
  });
}
