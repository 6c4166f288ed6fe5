// Timing helpers shared by the bench/*.bench.ts scripts (not itself a benchmark: bench/index.ts skips it).
import { performance } from "node:perf_hooks"

/**
 * `measure` run at most once per key (compared by identity) in this process: `npm run bench -- --detail` runs the
 * scripts and then the summary in one process, so the summary reuses a figure a script has already measured.
 */
export const onceEach = <K, A>(measure: (key: K) => A): ((key: K) => A) => {
  const figures = new Map<K, A>()
  return (key) => {
    const figure = figures.get(key) ?? measure(key)
    figures.set(key, figure)
    return figure
  }
}

/** The p-th quantile (0..1) of samples, nearest rank. */
export const quantile = (samples: ReadonlyArray<number>, p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

/** Milliseconds taken by `f`, with its result. */
export const timed = <A>(f: () => A): { readonly ms: number; readonly value: A } => {
  const start = performance.now()
  const value = f()
  return { ms: performance.now() - start, value }
}

/** Milliseconds taken by an async `f`, with its result. */
export const timedAsync = async <A>(f: () => Promise<A>): Promise<{ readonly ms: number; readonly value: A }> => {
  const start = performance.now()
  const value = await f()
  return { ms: performance.now() - start, value }
}

/** "label: median x ms, p99 y ms (n samples)". */
export const latencyLine = (label: string, samples: ReadonlyArray<number>): string =>
  `${label}: median ${quantile(samples, 0.5).toFixed(3)} ms, p99 ${quantile(samples, 0.99).toFixed(3)} ms (${samples.length} samples)`

/** "label: n unit/s (n in s)". */
export const throughputLine = (label: string, count: number, ms: number, unit: string): string =>
  `${label}: ${Math.round((count / ms) * 1000).toLocaleString("en-US")} ${unit}/s (${count.toLocaleString("en-US")} in ${(ms / 1000).toFixed(2)} s)`

/**
 * Wall-clock and CPU milliseconds taken by `f` (CPU: this process, every thread, so GC and JIT count). On a busy
 * shared machine the wall figure includes waiting for a core; the CPU figure is the work itself.
 */
export const timedWithCpu = <A>(f: () => A): { readonly ms: number; readonly cpuMs: number; readonly value: A } => {
  const cpu = process.cpuUsage()
  const { ms, value } = timed(f)
  const used = process.cpuUsage(cpu)
  return { ms, cpuMs: (used.user + used.system) / 1000, value }
}
