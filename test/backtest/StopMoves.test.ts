import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { runBacktest } from "../../src/backtest/BacktestDriver.ts"
import { planBacktest } from "../../src/backtest/BacktestPlan.ts"
import { renderJsonReport } from "../../src/backtest/JsonReport.ts"
import { FLOW_REQUEST, flowConfig } from "./flowScenario.ts"

describe("a backtest's trades carry their stop moves", () => {
  it.effect(
    "the trailing stop's seven moves, from the venue's acceptances of the position's stop orders",
    () =>
      Effect.gen(function* () {
        const run = yield* runBacktest(yield* planBacktest(flowConfig(), FLOW_REQUEST))
        const [trade, ...others] = run.result.trades
        expect(others).toEqual([])
        expect(trade?.trade.exitReason).toBe("trailing_stop")
        const moves = trade?.stopMoves.map((m) => [new Date(m.at).toISOString(), m.price.toString()])
        // The 16:15 resize of the first stop (same trigger, smaller size) is not a move
        expect(moves).toEqual([
          ["2025-01-04T16:15:00.000Z", "167.76"],
          ["2025-01-04T16:30:00.000Z", "173.61"],
          ["2025-01-04T16:45:00.000Z", "175"],
          ["2025-01-04T19:00:00.000Z", "177.54"],
          ["2025-01-04T19:45:00.000Z", "177.75"],
          ["2025-01-04T22:00:00.000Z", "181.8"],
          ["2025-01-04T23:30:00.000Z", "187.86"]
        ])
        // Each move is a stop the venue accepted for this position's size, after the entry and before the exit
        const accepted = run.venue.orderEvents
          .toArray()
          .flatMap((e) => (e.type === "order_accepted" && e.order.type === "stop" ? [e] : []))
        for (const move of trade?.stopMoves ?? []) {
          expect(move.at).toBeGreaterThan(trade?.trade.enteredAt ?? 0)
          expect(move.at).toBeLessThan(trade?.trade.exitedAt ?? 0)
          expect(accepted.some((e) => e.time === move.at && e.order.triggerPrice?.eq(move.price))).toBe(true)
        }
        expect(trade?.stopAtEntry.toString()).toBe("166.43")
        const json = JSON.parse(renderJsonReport(run.result))
        expect(json.trades[0].stopMoves[6]).toEqual({ at: "2025-01-04T23:30:00.000Z", price: "187.86" })
      }).pipe(Logger.withMinimumLogLevel(LogLevel.Error), Effect.provide(NodeContext.layer)),
    60_000
  )
})
