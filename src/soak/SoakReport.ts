import type { EpisodeReport } from "./Episode.ts"

/**
 * The longest real time a position may stay without any working stop. The stop goes out right after the
 * entry's first fill; one unanswered placement counts as in flight for the protection service's 10 s grace,
 * then the next tick re-places it, and two more naked checks flatten the position and halt: 30 s covers that
 * chain with the adapter's request timeout on top.
 */
export const MAX_NAKED_SECONDS = 30

/** Every invariant the episode broke, one line each; empty when it held them all. */
export const brokenInvariants = (report: EpisodeReport): ReadonlyArray<string> => [
  ...report.duplicateClientOrderIds.map((d) => `client order id ${d.id} accepted ${d.accepted} times`),
  ...report.differences.map((d) => `${d.symbol}: registry holds ${d.registry}, venue holds ${d.venue}`),
  ...(report.lostOrders > 0 ? [`${report.lostOrders} registry order(s) working that the venue does not list`] : []),
  ...(report.maxNakedSeconds > MAX_NAKED_SECONDS
    ? [`a position was without a working stop for ${report.maxNakedSeconds.toFixed(1)} s (> ${MAX_NAKED_SECONDS} s)`]
    : []),
  ...report.unhandledErrors
]

export interface SoakTotals {
  readonly episodes: number
  readonly ticksCompleted: number
  readonly positionsOpened: number
  readonly ordersAccepted: number
  readonly maxNakedSeconds: number
  readonly maxUnderCoveredSeconds: number
  readonly duplicateClientOrderIds: number
  readonly differences: number
  readonly lostOrders: number
  readonly startupRestarts: number
  readonly unhandledErrors: number
  readonly protectionRepairs: number
  readonly faultsInjected: number
  readonly brokenEpisodes: number
}

export const totalsOf = (reports: ReadonlyArray<EpisodeReport>): SoakTotals => {
  const sum = (f: (r: EpisodeReport) => number) => reports.reduce((total, r) => total + f(r), 0)
  return {
    episodes: reports.length,
    ticksCompleted: sum((r) => r.ticksCompleted),
    positionsOpened: sum((r) => r.positionsOpened),
    ordersAccepted: sum((r) => r.ordersAccepted),
    maxNakedSeconds: Math.max(0, ...reports.map((r) => r.maxNakedSeconds)),
    maxUnderCoveredSeconds: Math.max(0, ...reports.map((r) => r.maxUnderCoveredSeconds)),
    duplicateClientOrderIds: sum((r) => r.duplicateClientOrderIds.length),
    differences: sum((r) => r.differences.length),
    lostOrders: sum((r) => r.lostOrders),
    startupRestarts: sum((r) => r.startupFailures.length),
    unhandledErrors: sum((r) => r.unhandledErrors.length),
    protectionRepairs: sum((r) => r.protectionRepairs),
    faultsInjected: sum((r) => Object.values(r.faultsInjected).reduce((a, b) => a + b, 0)),
    brokenEpisodes: reports.filter((r) => brokenInvariants(r).length > 0).length
  }
}

const faultLine = (faults: EpisodeReport["faultsInjected"]) =>
  Object.entries(faults)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind}=${n}`)
    .join(",") || "none"

/** The episode's figures on one line, then each broken invariant on its own. */
export const formatEpisode = (r: EpisodeReport): string =>
  [
    `episode ${r.episode} seed=${r.seed} ticks=${r.ticksCompleted} real_s=${r.realSeconds.toFixed(1)} ` +
      `positions_opened=${r.positionsOpened} (closed=${r.closedTrades} open=${r.stillOpen}) ` +
      `orders_accepted=${r.ordersAccepted} max_naked_s=${r.maxNakedSeconds.toFixed(1)} ` +
      `max_under_covered_s=${r.maxUnderCoveredSeconds.toFixed(1)} ` +
      `duplicate_client_ids=${r.duplicateClientOrderIds.length} differences=${r.differences.length} ` +
      `lost_orders=${r.lostOrders} startup_restarts=${r.startupFailures.length} ` +
      `unhandled_errors=${r.unhandledErrors.length} ` +
      `protection_repairs=${r.protectionRepairs} faults=${faultLine(r.faultsInjected)}`,
    ...r.startupFailures.map((line) => `  restarted after: ${line}`),
    ...brokenInvariants(r).map((line) => `  BROKEN: ${line}`)
  ].join("\n")

export const formatTotals = (t: SoakTotals): string =>
  `total episodes=${t.episodes} ticks=${t.ticksCompleted} positions_opened=${t.positionsOpened} ` +
  `orders_accepted=${t.ordersAccepted} max_naked_s=${t.maxNakedSeconds.toFixed(1)} ` +
  `max_under_covered_s=${t.maxUnderCoveredSeconds.toFixed(1)} duplicate_client_ids=${t.duplicateClientOrderIds} ` +
  `differences=${t.differences} lost_orders=${t.lostOrders} startup_restarts=${t.startupRestarts} ` +
  `unhandled_errors=${t.unhandledErrors} ` +
  `protection_repairs=${t.protectionRepairs} faults_injected=${t.faultsInjected} ` +
  `broken_episodes=${t.brokenEpisodes} (naked bound ${MAX_NAKED_SECONDS} s)`
