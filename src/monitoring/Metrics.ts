import { Clock, Effect, Metric, MetricBoundaries } from "effect"
import type { Decimal } from "../domain/Money.ts"

/** Completed ticks of the trading loop. */
export const ticks = Metric.counter("trading_ticks_total", {
  description: "Completed ticks of the trading loop",
  incremental: true
})

/** Tick wall time in seconds: buckets from 50 ms doubling to 51.2 s, then +Inf. */
export const tickDuration = Metric.histogram(
  "trading_tick_duration_seconds",
  MetricBoundaries.exponential({ start: 0.05, factor: 2, count: 12 }),
  "Duration of one tick in seconds"
)

export const ordersTotal = Metric.counter("trading_orders_total", {
  description: "Orders by result",
  incremental: true
})

export type OrderResult = "placed" | "filled" | "cancelled" | "rejected" | "failed"

export const openPositions = Metric.gauge("trading_open_positions", { description: "Open positions" })
export const equityUsd = Metric.gauge("trading_equity_usd", { description: "Account equity in USD" })
export const marginUsage = Metric.gauge("trading_margin_usage_ratio", {
  description: "Margin in use as a fraction of equity"
})

export const apiErrors = Metric.counter("trading_api_errors_total", {
  description: "Exchange and data API errors by kind",
  incremental: true
})

export const alertsTotal = Metric.counter("monitoring_alerts_total", {
  description: "Alerts by outcome (delivered, failed, duplicate, rate_limited, dropped)",
  incremental: true
})

/** Runs one tick, counting it and recording its duration, also when it fails or is interrupted. */
export const trackTick = <A, E, R>(tick: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Clock.currentTimeNanos, (start) =>
    tick.pipe(
      Effect.ensuring(
        Effect.flatMap(Clock.currentTimeNanos, (end) =>
          Effect.zipRight(Metric.update(tickDuration, Number(end - start) / 1e9), Metric.increment(ticks))
        )
      )
    )
  )

export const recordOrder = (result: OrderResult): Effect.Effect<void> =>
  Metric.increment(Metric.tagged(ordersTotal, "result", result))

/** `count` orders of one result at once (a cancel-all). */
export const recordOrders = (result: OrderResult, count: number): Effect.Effect<void> =>
  Metric.incrementBy(Metric.tagged(ordersTotal, "result", result), count)

/**
 * `kind` names the error class: a venue call's (rate_limited, auth, transient, unknown_result, decode: see
 * ExchangeMetrics) or a runtime stage's (tick, feed_not_synced, execution_invariant).
 */
export const recordApiError = (kind: string): Effect.Effect<void> =>
  Metric.increment(Metric.tagged(apiErrors, "kind", kind))

export const recordAlert = (outcome: string, channel?: string, count = 1): Effect.Effect<void> => {
  const byOutcome = Metric.tagged(alertsTotal, "outcome", outcome)
  return Metric.incrementBy(channel === undefined ? byOutcome : Metric.tagged(byOutcome, "channel", channel), count)
}

/** The account gauges, set once per tick from the account state. */
export const recordAccount = (account: {
  readonly equity: Decimal
  readonly marginUsage: number
  readonly openPositions: number
}): Effect.Effect<void> =>
  Effect.all(
    [
      Metric.set(equityUsd, account.equity.toNumber()),
      Metric.set(marginUsage, account.marginUsage),
      Metric.set(openPositions, account.openPositions)
    ],
    { discard: true }
  )
