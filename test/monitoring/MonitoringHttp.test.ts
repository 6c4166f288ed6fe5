import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Metric, TestClock } from "effect"
import { healthOf } from "../../src/monitoring/Health.ts"
import * as Metrics from "../../src/monitoring/Metrics.ts"
import { Operator } from "../../src/monitoring/OperatorPort.ts"
import { fetchPath, STALE_MS, serveMonitoring } from "./MonitoringHttpFixtures.ts"
import { baseStatus, NOW, testOperator } from "./OperatorFixtures.ts"

describe("healthOf", () => {
  it("is ready when safety is ACTIVE and ticks are fresh", () => {
    expect(healthOf(baseStatus, NOW, STALE_MS)).toEqual({
      status: "ready",
      reasons: [],
      safetyLevel: "ACTIVE",
      killSwitch: false,
      lastTickAt: NOW - 30_000
    })
  })

  it("is degraded on DEGRADED safety or a stale tick, halted on the kill switch or HALTED", () => {
    expect(healthOf({ ...baseStatus, safetyLevel: "DEGRADED" }, NOW, STALE_MS).status).toBe("degraded")
    expect(healthOf(baseStatus, NOW + STALE_MS, STALE_MS)).toMatchObject({
      status: "degraded",
      reasons: ["last tick 210s ago"]
    })
    expect(healthOf({ ...baseStatus, safetyLevel: "EMERGENCY" }, NOW, STALE_MS).status).toBe("halted")
    expect(
      healthOf({ ...baseStatus, killSwitch: { active: true, reason: "MANUAL", since: NOW } }, NOW + STALE_MS, STALE_MS)
    ).toMatchObject({ status: "halted", reasons: ["kill switch active: MANUAL", "last tick 210s ago"] })
  })
})

describe("/healthz and /metrics over HTTP", () => {
  it.effect("answers /healthz 200 ready, then 503 halted after a kill", () => {
    const operator = testOperator()
    return Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const ready = yield* fetchPath("/healthz")
      expect(ready.status).toBe(200)
      expect(JSON.parse(ready.body)).toMatchObject({ status: "ready", safetyLevel: "ACTIVE" })
      yield* Effect.flatMap(Operator, (service) => service.kill("test"))
      const halted = yield* fetchPath("/healthz")
      expect(halted.status).toBe(503)
      expect(JSON.parse(halted.body)).toMatchObject({ status: "halted", reasons: ["kill switch active: test"] })
    }).pipe(Effect.provide(Layer.merge(serveMonitoring(operator.layer), operator.layer)))
  })

  it.effect("answers 503 unavailable when the status cannot be read", () =>
    Effect.gen(function* () {
      const response = yield* fetchPath("/healthz")
      expect(response.status).toBe(503)
      expect(JSON.parse(response.body)).toEqual({
        status: "unavailable",
        reasons: ["status failed: exchange unreachable"]
      })
    }).pipe(Effect.provide(serveMonitoring(testOperator({ failing: true }).layer)))
  )

  it.effect("serves /metrics in Prometheus text format", () =>
    Effect.gen(function* () {
      yield* Metrics.recordOrder("filled")
      yield* Metric.set(Metrics.openPositions, 2)
      const response = yield* fetchPath("/metrics")
      expect(response.status).toBe(200)
      expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8")
      expect(response.body).toContain('# TYPE trading_orders_total counter\ntrading_orders_total{result="filled"} 1\n')
      expect(response.body).toContain("trading_open_positions 2\n")
      const missing = yield* fetchPath("/nope")
      expect(missing.status).toBe(404)
    }).pipe(Effect.provide(serveMonitoring(testOperator().layer)))
  )
})
