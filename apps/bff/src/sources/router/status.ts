import type { SourceState } from '../types';
import type { RouterSource } from './router-source';

/** One entry of `/api/status` `sources`: the source's own health plus its symbols that are not live. */
export interface SourceStatus {
  id: string;
  state: SourceState;
  lastMessageAt: number | null;
  /** Symbols this source reported `stale`, `closed` or `down` (absent = live). */
  symbols: Record<string, SourceState>;
}

/** Per-source health for `/api/status`; `symbolStates` holds the symbols reported not live. */
export function describeSources(router: RouterSource, symbolStates: ReadonlyMap<string, SourceState>): SourceStatus[] {
  return router.sources().map((source) => {
    const { state, lastMessageAt } = source.health();
    const symbols: Record<string, SourceState> = {};
    for (const [symbol, s] of symbolStates) if (router.ownerOf(symbol) === source) symbols[symbol] = s;
    return { id: source.id, state, lastMessageAt, symbols };
  });
}
