/**
 * CPU-profile helpers for the PERF=1 specs: the longest stretches of the main thread without an
 * idle sample, each with the functions that took most of its samples (self time, by stack top).
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';

/** Starts the sampling profiler at a 100 µs interval. */
export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}

interface Stretch {
  ms: number;
  /** Function (url:line) → share of the stretch's samples, biggest first. */
  top: string[];
  /** The outermost frames of its longest stack (who started the task). */
  entry: string;
}

const IDLE = new Set(['(idle)', '(program)']);

/** What a CPU profile says: the 3 longest busy stretches, and the window's top functions by self time. */
export interface ProfileSummary {
  busiest: Stretch[];
  /** "share of all samples, function url:line", biggest first. */
  selfTop: string[];
}

/** Stops the profiler and summarises the profile. */
export async function profileSummary(cdp: CDPSession): Promise<ProfileSummary> {
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number): string => {
    const f = byId.get(id)?.callFrame;
    if (f === undefined) return '?';
    return `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
  };
  const stack = (id: number): string[] => {
    const out: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(name(at));
    return out.reverse().slice(1);
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const runs: { ms: number; ids: number[] }[] = [];
  let current: { ms: number; ids: number[] } = { ms: 0, ids: [] };
  samples.forEach((id, i) => {
    const fn = byId.get(id)?.callFrame.functionName ?? '';
    if (IDLE.has(fn)) {
      if (current.ids.length > 0) runs.push(current);
      current = { ms: 0, ids: [] };
      return;
    }
    current.ms += (deltas[i + 1] ?? 0) / 1000;
    current.ids.push(id);
  });
  if (current.ids.length > 0) runs.push(current);
  const all = new Map<string, number>();
  for (const id of samples) all.set(name(id), (all.get(name(id)) ?? 0) + 1);
  const selfTop = [...all.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)
    .map(([fn, n]) => `${((n / Math.max(1, samples.length)) * 100).toFixed(1)}% ${fn}`);
  const busiest = runs
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((run) => {
      const counts = new Map<string, number>();
      for (const id of run.ids) counts.set(name(id), (counts.get(name(id)) ?? 0) + 1);
      const top = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([fn, n]) => `${Math.round((n / run.ids.length) * 100)}% ${fn}`);
      const deepest = run.ids.reduce((a, b) => (stack(b).length > stack(a).length ? b : a), run.ids[0] ?? 0);
      return { ms: Math.round(run.ms), top, entry: stack(deepest).slice(0, 8).join(' > ') };
    });
  return { busiest, selfTop };
}

/**
 * Starts the sampling heap profiler, counting objects later collected too (the allocation rate's
 * sources). `survivors`: leaves out what a scavenge collected, so the profile shows what reached
 * the old generation (what the major GCs are for).
 */
export async function startAllocationProfile(cdp: CDPSession, survivors = false): Promise<void> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !survivors,
  });
}

/** Stops it; the functions that allocated most (self), as "KB/s function url:line". */
export async function topAllocators(cdp: CDPSession, seconds: number): Promise<string[]> {
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  // PERF_ALLOCATIONS_FILE: also keep the raw profile (opens in DevTools as a .heapprofile).
  if (process.env.PERF_ALLOCATIONS_FILE) writeFileSync(process.env.PERF_ALLOCATIONS_FILE, JSON.stringify(profile));
  const totals = new Map<string, number>();
  type Node = (typeof profile)['head'];
  const walk = (n: Node): void => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + n.selfSize);
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  return [
    `${Math.round(all / 1024 / seconds)} KB/s in all`,
    ...[...totals.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([fn, bytes]) => `${Math.round(bytes / 1024 / seconds)} KB/s ${fn}`),
  ];
}
