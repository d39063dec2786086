import { Counter, type LabelValues, type Registry } from 'prom-client';

/**
 * A Prometheus counter (`…_total`) fed with running totals kept elsewhere (a source's frame
 * count, the pipeline's rejects): `set` records the total, the counter moves by the difference.
 * NOTE: a total that goes down (a replay rewound, a source rebuilt) starts the series over,
 * which Prometheus' rate() reads as a counter reset, as it should.
 */
export interface TotalCounter<L extends string = string> {
  set(value: number): void;
  set(labels: LabelValues<L>, value: number): void;
  readonly counter: Counter<L>;
}

/** Creates a `TotalCounter` named `name` (must end in `_total`) on `registry`. */
export function totalCounter<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): TotalCounter<L> {
  const counter = new Counter<L>({ name, help, labelNames, registers: [registry] });
  const last = new Map<string, number>();
  function set(value: number): void;
  function set(labels: LabelValues<L>, value: number): void;
  function set(a: number | LabelValues<L>, b?: number): void {
    const labels = typeof a === 'number' ? ({} as LabelValues<L>) : a;
    const total = typeof a === 'number' ? a : (b ?? 0);
    const key = JSON.stringify(labels);
    const previous = last.get(key) ?? 0;
    last.set(key, total);
    if (total >= previous) {
      counter.inc(labels, total - previous);
      return;
    }
    counter.remove(labels);
    counter.inc(labels, total);
  }
  return { set, counter };
}
