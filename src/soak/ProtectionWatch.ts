import type { StopCoverage } from "./VenueTruth.ts"

/**
 * Since when each venue position has been without a working stop (`naked`) or with stops for less than its
 * size (`short`), and the longest such stretch seen so far, in real milliseconds. Stretches still running
 * count up to the latest sample.
 */
export interface ProtectionWatch {
  readonly nakedSince: ReadonlyMap<string, number>
  readonly shortSince: ReadonlyMap<string, number>
  readonly maxNakedMs: number
  readonly maxShortMs: number
  readonly samples: number
}

export const emptyWatch: ProtectionWatch = {
  nakedSince: new Map(),
  shortSince: new Map(),
  maxNakedMs: 0,
  maxShortMs: 0,
  samples: 0
}

/** Carries on the stretches of the symbols still matching `holds` and starts the new ones at `now`. */
const stretches = (
  since: ReadonlyMap<string, number>,
  coverage: ReadonlyArray<StopCoverage>,
  holds: (c: StopCoverage) => boolean,
  now: number
) => {
  const next = new Map<string, number>()
  for (const c of coverage) if (holds(c)) next.set(c.symbol, since.get(c.symbol) ?? now)
  const longest = Math.max(0, ...[...next.values()].map((start) => now - start))
  return { next, longest }
}

/** One sample of the venue's positions and their stop coverage at real time `now`. */
export const observeCoverage = (
  watch: ProtectionWatch,
  coverage: ReadonlyArray<StopCoverage>,
  now: number
): ProtectionWatch => {
  const naked = stretches(watch.nakedSince, coverage, (c) => c.covered.isZero(), now)
  const short = stretches(watch.shortSince, coverage, (c) => c.covered.lt(c.size), now)
  return {
    nakedSince: naked.next,
    shortSince: short.next,
    maxNakedMs: Math.max(watch.maxNakedMs, naked.longest),
    maxShortMs: Math.max(watch.maxShortMs, short.longest),
    samples: watch.samples + 1
  }
}
