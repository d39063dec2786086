/** Feeds the compare lines of one chart: REST history and the live `candles:` channel of each symbol. */
import type { CandlewireClient } from '@candlewire/client';
import { channel as channels, type Interval } from '@candlewire/protocol';
import { useEffect, useState } from 'react';
import { fetchCandles } from '../../api/rest';
import type { ChartController } from '../chart-controller';
import { browserFrameEnv, createCoalescer } from '../coalescer';
import { PAGE_SIZE } from '../history';
import { useLayer } from '../use-layer';
import { COMPARE_COLORS, CompareLayer } from './compare-layer';

/** Load state of one compare symbol; `error` says why it has no line. */
export type CompareState = { status: 'loading' | 'ready' } | { status: 'error'; error: string };

/** One symbol's feed into `layer`; returns its teardown. */
function follow(
  layer: CompareLayer,
  client: CandlewireClient | null,
  symbol: string,
  interval: Interval,
  report: (s: CompareState) => void,
): () => void {
  const abort = new AbortController();
  fetchCandles(symbol, interval, undefined, PAGE_SIZE, abort.signal).then(
    (candles) => {
      layer.setCandles(symbol, candles);
      report({ status: 'ready' });
    },
    (err: unknown) => {
      if (!abort.signal.aborted) report({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    },
  );
  const channel = channels.candles(symbol, interval);
  // NOTE: live candles are drawn at the UI beat with the chart's own (the latest per bucket). Never
  // "hidden": a compare line has no store to repaint from on return, so every candle is drawn.
  const live = createCoalescer(
    (candles) => {
      for (const c of candles) layer.updateCandle(symbol, c);
    },
    { ...browserFrameEnv, isHidden: () => false, onVisible: () => () => undefined },
  );
  const stop =
    client?.subscribe(channel, (event) => {
      if (event.channel !== channel) return;
      if (event.type === 'snapshot') {
        live.reset();
        layer.setCandles(symbol, event.snapshot);
        report({ status: 'ready' });
      } else if (event.type === 'update') {
        live.push(event.data);
      } else report({ status: 'error', error: event.message });
    }) ?? (() => undefined);
  return () => {
    abort.abort();
    stop();
    live.dispose();
  };
}

/** The chart's compare layer, drawing `symbols` at `interval`; with each symbol's load state. */
export function useCompare(
  controller: ChartController | null,
  client: CandlewireClient | null,
  symbols: readonly string[],
  interval: Interval,
) {
  const layer = useLayer(controller, () => new CompareLayer());
  const [states, setStates] = useState<Record<string, CompareState>>({});

  const key = symbols.join(',');
  useEffect(() => {
    if (layer === null || key === '') return undefined;
    const list = key.split(',');
    setStates(Object.fromEntries(list.map((s) => [s, { status: 'loading' }])));
    const stops = list.map((symbol, i) => {
      layer.add(symbol, COMPARE_COLORS[i % COMPARE_COLORS.length] ?? COMPARE_COLORS[0]);
      const stop = follow(layer, client, symbol, interval, (state) => setStates((s) => ({ ...s, [symbol]: state })));
      return () => {
        stop();
        layer.remove(symbol);
      };
    });
    return () => {
      for (const stop of stops) stop();
    };
  }, [layer, client, key, interval]);
  return { layer, states };
}
