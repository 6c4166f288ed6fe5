import { Console, Effect } from "effect"
import { type EpisodeOptions, type EpisodeReport, runEpisode } from "./Episode.ts"
import { brokenInvariants, formatEpisode, formatTotals, type SoakTotals, totalsOf } from "./SoakReport.ts"

export interface SoakOptions extends Omit<EpisodeOptions, "episode" | "seed"> {
  readonly episodes: number
  /** Episode i (from 1) runs with seed `seed + i - 1`. */
  readonly seed: number
}

export interface SoakResult {
  readonly episodes: ReadonlyArray<EpisodeReport>
  readonly totals: SoakTotals
  /** Whether every episode held every invariant. */
  readonly passed: boolean
}

/** `npm run soak`: the episodes one after another, each printed as it ends, then the totals. */
export const runSoak = (options: SoakOptions) =>
  Effect.gen(function* () {
    const { episodes: count, seed, ...episode } = options
    const episodes: Array<EpisodeReport> = []
    for (let i = 1; i <= count; i++) {
      const report = yield* runEpisode({ ...episode, episode: i, seed: seed + i - 1 })
      yield* Console.log(formatEpisode(report))
      episodes.push(report)
    }
    const totals = totalsOf(episodes)
    yield* Console.log(formatTotals(totals))
    return { episodes, totals, passed: episodes.every((r) => brokenInvariants(r).length === 0) } satisfies SoakResult
  })
