/**
 * Trace helpers for the PERF=1 specs (`PERF_TRACE=1`): the page's main-thread task durations
 * (how close the frames come to a long task, where the long-task observer only sees > 50 ms) and
 * its garbage-collection pauses by kind, from a Chromium trace of the measured window.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.gc', 'disabled-by-default-v8.gc'];

/** Starts a trace of `page`. */
export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: CATEGORIES });
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
  ts?: number;
}

/** What the trace says of the main thread: task durations and GC pauses (ms). */
export interface TraceSummary {
  tasks: number;
  taskP99Ms: number;
  tasksOver30Ms: number;
  tasksOver40Ms: number;
  tasksOver50Ms: number;
  taskMaxMs: number;
  /** The main thread's events by total time (nested events are counted in their parents too), "ms name". */
  byName: string[];
  /** Per GC event name: count, total and longest pause on the main thread. */
  gc: Record<string, { count: number; totalMs: number; maxMs: number }>;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Stops the trace and summarises the renderer's main thread. */
export async function traceSummary(browser: Browser): Promise<TraceSummary> {
  const buffer = await browser.stopTracing();
  // PERF_TRACE_FILE: also keep the raw trace (opens in DevTools' Performance panel).
  if (process.env.PERF_TRACE_FILE) writeFileSync(process.env.PERF_TRACE_FILE, buffer);
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main !== undefined && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain
    .filter((e) => e.name === 'RunTask')
    .map((e) => (e.dur ?? 0) / 1000)
    .sort((a, b) => a - b);
  const gc: TraceSummary['gc'] = {};
  for (const e of onMain.filter((x) => /^(MinorGC|MajorGC|V8\.GC[A-Z][A-Za-z]*)$/.test(x.name))) {
    const ms = (e.dur ?? 0) / 1000;
    const entry = (gc[e.name] ??= { count: 0, totalMs: 0, maxMs: 0 });
    entry.count++;
    entry.totalMs = round(entry.totalMs + ms);
    entry.maxMs = round(Math.max(entry.maxMs, ms));
  }
  const totals = new Map<string, number>();
  for (const e of onMain) if (e.name !== 'RunTask') totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  const byName = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([n, ms]) => `${Math.round(ms)} ${n}`);
  const over = (ms: number): number => tasks.filter((d) => d > ms).length;
  return {
    tasks: tasks.length,
    taskP99Ms: round(tasks[Math.floor(tasks.length * 0.99)] ?? 0),
    tasksOver30Ms: over(30),
    tasksOver40Ms: over(40),
    tasksOver50Ms: over(50),
    taskMaxMs: round(tasks.at(-1) ?? 0),
    byName,
    gc,
  };
}
