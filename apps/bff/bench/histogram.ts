/** A latency histogram with 0.25 ms buckets up to 10 s: cheap to record, mergeable across processes. */
export interface LatencyHistogram {
  counts: number[];
  overflow: number;
}

const BUCKET_MS = 0.25;
const BUCKETS = 40_000;

/** Creates an empty histogram. */
export function createHistogram(): LatencyHistogram {
  return { counts: new Array<number>(BUCKETS).fill(0), overflow: 0 };
}

/** Records one latency in milliseconds (negative clock skew counts as 0). */
export function record(h: LatencyHistogram, ms: number): void {
  const i = Math.floor(Math.max(0, ms) / BUCKET_MS);
  if (i >= BUCKETS) h.overflow++;
  else h.counts[i] = (h.counts[i] ?? 0) + 1;
}

/** Adds `b` into `a`. */
export function merge(a: LatencyHistogram, b: LatencyHistogram): void {
  b.counts.forEach((n, i) => (a.counts[i] = (a.counts[i] ?? 0) + n));
  a.overflow += b.overflow;
}

/** The value below which `q` (0..1) of the samples fall, in ms. */
export function quantile(h: LatencyHistogram, q: number): number {
  const total = h.counts.reduce((s, n) => s + n, 0) + h.overflow;
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i] ?? 0;
    if (seen >= q * total) return (i + 1) * BUCKET_MS;
  }
  return Infinity;
}
