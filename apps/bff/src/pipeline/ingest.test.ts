import { describe, expect, it } from 'vitest';
import { seededState } from '../../test/pipeline-stages';
import type { SourceTrade } from '../sources/types';
import type { PendingEvent } from './activation';
import { createIngestStage, type IngestTargets } from './ingest';
import type { SymbolState } from './symbol-state';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const trade = (symbol: string): SourceTrade => ({
  symbol,
  id: symbol.length,
  price: 100,
  size: 1,
  side: 'sell',
  time: T0,
  bid: 99,
  ask: 101,
});

/** Targets that record what the ingest stage drives: BTC-USDT active, ETH-USDT loading, SOL-USDT known but inactive. */
function targets(active: SymbolState): IngestTargets & { log: string[]; held: PendingEvent[] } {
  const log: string[] = [];
  const held: PendingEvent[] = [];
  return {
    log,
    held,
    now: () => T0,
    active: (symbol) => (symbol === 'BTC-USDT' ? active : undefined),
    hold: (symbol, event) => symbol === 'ETH-USDT' && held.push(event) > 0,
    isKnown: (symbol) => ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'].includes(symbol),
    apply: (s, event) => void log.push(`apply ${s.instrument.symbol} ${event.kind}`),
    advance: (sourceId, ms) => void log.push(`advance ${sourceId ?? 'all'} ${ms - T0}`),
    tapped: (batch) => void log.push(`tapped ${batch.length}`),
    checkStates: () => void log.push('checkStates'),
    flush: (_at, lazy) => void log.push(lazy ? 'flush lazy' : 'flush'),
    symbolState: (symbol, state) => void log.push(`state ${symbol} ${state}`),
  };
}

describe('ingest stage', () => {
  it('routes each event to its symbol: applied, held while loading, dropped when inactive, rejected when unknown', async () => {
    const t = targets(await seededState('BTC-USDT', T0));
    const ingest = createIngestStage(t);
    ingest.sink.trades(['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'NOPE'].map(trade));
    ingest.sink.candles([{ symbol: 'NOPE', interval: '1m', candle: { time: T0 / 1000, open: 1, high: 1, low: 1, close: 1, volume: 1 } }]);
    ingest.sink.quotes([{ symbol: 'BTC-USDT', bid: 1, ask: 2, time: T0 }]);
    expect(t.log).toEqual(['apply BTC-USDT trade', 'tapped 4', 'flush lazy', 'flush', 'apply BTC-USDT quote', 'flush lazy']);
    expect(t.held.map((e) => e.kind)).toEqual(['trade']);
    expect([ingest.rejectedTrades(), ingest.rejectedCandles()]).toEqual([1, 1]);
  });

  it('closes buckets on a watermark (one source or all), then re-checks states, then flushes', async () => {
    const t = targets(await seededState('BTC-USDT', T0));
    const ingest = createIngestStage(t);
    ingest.sink.watermark(T0 + 1000);
    ingest.sink.watermarkOf('venue', T0 + 2000);
    ingest.sink.symbolState('BTC-USDT', 'stale');
    expect(t.log).toEqual([
      'advance all 1000',
      'checkStates',
      'flush',
      'advance venue 2000',
      'checkStates',
      'flush',
      'state BTC-USDT stale',
    ]);
  });
});
