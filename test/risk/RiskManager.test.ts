import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import type { TestConfigPatch } from "../../src/config/TestConfig.ts"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { SpotSymbol } from "../../src/domain/Symbols.ts"
import { RiskManager } from "../../src/risk/RiskManager.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { context, d, NOW, request } from "./RiskFixtures.ts"

const ETH = SpotSymbol.make("ETH/USD")

const riskLayer = (patch: TestConfigPatch = {}) =>
  RiskManager.layer.pipe(
    Layer.provideMerge(RepositoriesLive),
    Layer.provide(
      Layer.merge(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" }), testConfigLayer(patch))
    )
  )

const traces = Effect.flatMap(SystemEventRepository, (events) =>
  events.byType("decision_trace", { from: 0, to: Number.MAX_SAFE_INTEGER })
)

describe("RiskManager over SQLite", () => {
  it.effect("an approved trade is returned and leaves no trace", () =>
    Effect.gen(function* () {
      const decision = yield* (yield* RiskManager).validate({ symbol: ETH, request: request(), context: context() })
      expect(decision._tag).toBe("Approved")
      expect(yield* traces).toEqual([])
    }).pipe(Effect.provide(riskLayer()))
  )

  it.effect("a refusal is returned and recorded as a decision_trace with its typed reason", () =>
    Effect.gen(function* () {
      const risk = yield* RiskManager
      const decision = yield* risk.validate({
        symbol: ETH,
        decisionId: "tick-42-ETH",
        request: request(),
        context: context({ spot: d(100), mark: d(102) })
      })
      expect(decision).toMatchObject({ _tag: "Rejected", reason: "BASIS_DIVERGENCE" })
      const [trace, ...rest] = yield* traces
      expect(rest).toEqual([])
      expect(trace?.timestamp).toBe(NOW)
      expect(trace?.symbol).toBe("ETH/USD")
      expect(trace?.decisionId).toBe("tick-42-ETH")
      expect(trace?.details).toEqual({
        stage: "risk",
        outcome: "rejected",
        reason: "BASIS_DIVERGENCE",
        detail: decision._tag === "Rejected" ? decision.detail : "",
        side: "long",
        regime: "tight_smc",
        entry: "100",
        stop: "98",
        equity: "10000"
      })
    }).pipe(Effect.provide(riskLayer()))
  )

  it.effect("the configured risk section decides: a lowered position cap refuses what the default allows", () =>
    Effect.gen(function* () {
      const risk = yield* RiskManager
      const crowded = context({ portfolio: { openPositions: 3, daily: context().portfolio.daily, now: NOW } })
      const decision = yield* risk.validate({ symbol: ETH, request: request(), context: crowded })
      expect(decision).toMatchObject({ _tag: "Rejected", reason: "MAX_CONCURRENT_POSITIONS" })
      expect((yield* traces).map((e) => e.details.reason)).toEqual(["MAX_CONCURRENT_POSITIONS"])
    }).pipe(Effect.provide(riskLayer({ config: { risk: { auction_max_positions: 3, max_concurrent_positions: 3 } } })))
  )

  it.effect("the configured tier limits decide the leverage", () =>
    Effect.gen(function* () {
      const decision = yield* (yield* RiskManager).validate({
        symbol: ETH,
        request: request(),
        context: context({ tier: "C" })
      })
      expect(decision._tag === "Approved" && decision.leverage.toNumber()).toBe(2)
    }).pipe(
      Effect.provide(
        riskLayer({
          config: { liquidity_filters: { tier_configs: { C: { max_leverage: 2, max_position_usd: 25_000 } } } }
        })
      )
    )
  )
})
