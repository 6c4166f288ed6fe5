import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect, Fiber, Layer, Option, Ref, TestClock } from "effect"
import { testConfigSync } from "../../src/config/TestConfig.ts"
import type { Exposure } from "../../src/decision/Exposure.ts"
import {
  confirmedSafetyCycle,
  type SafetyCycleInput,
  safetyCycle,
  safetyParamsFromConfig
} from "../../src/decision/SafetyCycle.ts"
import { symbolKey } from "../../src/domain/Symbols.ts"
import { manualKill } from "../../src/safety/SafetyRecord.ts"
import { SafetyStore } from "../../src/safety/SafetyStore.ts"
import { SqlSafetyStoreLive } from "../../src/safety/SqlSafetyStore.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { account, d, HOUR, MINUTE, NOW } from "./DecisionFixtures.ts"

const params = safetyParamsFromConfig(testConfigSync())

/** The real SQL store on SQLite (in memory unless a file is named). */
const sqliteStore = (sqlitePath = ":memory:") =>
  SqlSafetyStoreLive.pipe(Layer.provide(databaseLayer({ databaseUrl: Option.none(), sqlitePath })))

const exposure = (symbol: string, notional: number): Exposure => ({ key: symbolKey(symbol), notional: d(notional) })

/** One tick's reading: 10 000 USD equity, `marginUsed`, one 4 000 USD position (a single-position WARNING). */
const reading = (now: number, marginUsed: number, overrides: Partial<SafetyCycleInput> = {}): SafetyCycleInput => ({
  now,
  account: account(10_000, marginUsed),
  positions: [exposure("ETH/USD", 4_000)],
  rejectedOrdersThisCycle: 0,
  apiErrorsLastMinute: 0,
  nakedPositions: [],
  ...overrides
})

const cycleAt = (input: SafetyCycleInput) => Effect.zipRight(TestClock.setTime(input.now), safetyCycle(input, params))

const eventsOf = (verdict: {
  readonly events: ReadonlyArray<{ eventType: string; details: Record<string, unknown> }>
}) => verdict.events.map((e) => e.eventType)

describe("safetyCycle on the SQL safety store", () => {
  it.effect("ACTIVE → DEGRADED → HALTED (kill switch latched) → auto-recovered", () =>
    Effect.gen(function* () {
      const calm = yield* cycleAt(reading(NOW, 5_000))
      expect([calm.entriesAllowed, calm.record.level, calm.events]).toEqual([true, "ACTIVE", []])

      // Margin 0.86 and a 0.40 position: two WARNINGs.
      const degraded = yield* cycleAt(reading(NOW + MINUTE, 8_600))
      expect([degraded.entriesAllowed, degraded.entryBlock, degraded.record.level]).toEqual([
        false,
        "SAFETY_DEGRADED",
        "DEGRADED"
      ])
      expect(degraded.events.map((e) => [e.eventType, e.details.from, e.details.to])).toEqual([
        ["safety_state_changed", "ACTIVE", "DEGRADED"]
      ])

      // Margin 0.93: CRITICAL → HALTED with the switch latched as MARGIN_CRITICAL.
      const halted = yield* cycleAt(reading(NOW + 2 * MINUTE, 9_300))
      expect([halted.entryBlock, halted.record.level, halted.flatten]).toEqual(["KILL_SWITCH", "HALTED", false])
      expect(eventsOf(halted)).toEqual(["invariant_violation", "kill_switch_activated", "safety_state_changed"])
      const stored = yield* (yield* SafetyStore).load
      expect(stored.killSwitch).toMatchObject({
        _tag: "Active",
        reason: "MARGIN_CRITICAL",
        activatedAt: NOW + 2 * MINUTE
      })

      // Margin back down, but the minimum wait (5 min) has not passed: still held, nothing recorded.
      const waiting = yield* cycleAt(reading(NOW + 4 * MINUTE, 3_000))
      expect([waiting.entryBlock, waiting.recovery, waiting.events]).toEqual([
        "KILL_SWITCH",
        { _tag: "Wait", reason: "TOO_SOON" },
        []
      ])

      const recovered = yield* cycleAt(reading(NOW + 8 * MINUTE, 3_000))
      expect([recovered.entriesAllowed, recovered.record.level, recovered.record.killSwitch._tag]).toEqual([
        true,
        "ACTIVE",
        "Inactive"
      ])
      expect(eventsOf(recovered)).toEqual(["kill_switch_cleared", "safety_state_changed"])
      expect(recovered.record.recoveries).toEqual([NOW + 8 * MINUTE])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("auto-recovery stops at its daily limit and resumes 24 h after the first recovery", () =>
    Effect.gen(function* () {
      // Halt, then recover after 6 minutes, `times` times in a row starting at `from`.
      const haltAndTry = (at: number) =>
        Effect.zipRight(cycleAt(reading(at, 9_300)), cycleAt(reading(at + 6 * MINUTE, 3_000)))
      const first = yield* haltAndTry(NOW)
      const second = yield* haltAndTry(NOW + HOUR)
      const third = yield* haltAndTry(NOW + 2 * HOUR)
      expect([first.entriesAllowed, second.entriesAllowed, third.entriesAllowed]).toEqual([true, true, false])
      expect(third.recovery).toEqual({ _tag: "Wait", reason: "DAILY_LIMIT_REACHED" })
      expect(third.record.recoveries).toEqual([NOW + 6 * MINUTE, NOW + HOUR + 6 * MINUTE])

      const nextDay = yield* cycleAt(reading(NOW + 24 * HOUR + 7 * MINUTE, 3_000))
      expect([nextDay.entriesAllowed, nextDay.record.recoveries]).toEqual([
        true,
        [NOW + HOUR + 6 * MINUTE, NOW + 24 * HOUR + 7 * MINUTE]
      ])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("a margin that stays high keeps the switch latched", () =>
    Effect.gen(function* () {
      yield* cycleAt(reading(NOW, 9_300))
      const still = yield* cycleAt(reading(NOW + 30 * MINUTE, 8_700))
      expect([still.entryBlock, still.recovery]).toEqual(["KILL_SWITCH", { _tag: "Wait", reason: "MARGIN_STILL_HIGH" }])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("only MARGIN_CRITICAL recovers by itself: a drawdown breach or an operator kill needs `resume`", () =>
    Effect.gen(function* () {
      yield* cycleAt(reading(NOW, 1_000))
      // Equity 8 000 from a 10 000 peak: a 20 % drawdown is CRITICAL (LIQUIDATION_BREACH).
      const breach = yield* cycleAt(reading(NOW + MINUTE, 1_000, { account: account(8_000, 1_000) }))
      expect(breach.record.killSwitch).toMatchObject({ _tag: "Active", reason: "LIQUIDATION_BREACH" })
      const later = yield* cycleAt(reading(NOW + HOUR, 1_000))
      expect([later.entryBlock, later.recovery]).toEqual(["KILL_SWITCH", { _tag: "Wait", reason: "NEEDS_OPERATOR" }])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("an operator kill landing between ticks is kept, with its flatten request", () =>
    Effect.gen(function* () {
      yield* cycleAt(reading(NOW, 1_000))
      yield* (yield* SafetyStore).update((r) => manualKill(r, { detail: "operator", flatten: true }, NOW + MINUTE))
      const held = yield* cycleAt(reading(NOW + 2 * MINUTE, 1_000))
      expect([held.entryBlock, held.flatten, held.record.killSwitch._tag, held.events]).toEqual([
        "KILL_SWITCH",
        true,
        "Active",
        []
      ])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("two CRITICALs are an EMERGENCY: the latched switch asks to flatten", () =>
    Effect.gen(function* () {
      const emergency = yield* cycleAt(reading(NOW, 9_300, { apiErrorsLastMinute: 50 }))
      expect([emergency.record.level, emergency.flatten]).toEqual(["EMERGENCY", true])
      expect(emergency.record.killSwitch).toMatchObject({ reason: "API_ERROR" })
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("an implausible drawdown waits for confirmed equity, then reads as a stale peak", () =>
    Effect.gen(function* () {
      yield* cycleAt(reading(NOW, 1_000))
      const crash = reading(NOW + MINUTE, 1_000, { account: account(4_000, 1_000), positions: [] })
      const unconfirmed = yield* cycleAt(crash)
      expect([unconfirmed.entryBlock, unconfirmed.needsEquityConfirmation, unconfirmed.record.level]).toEqual([
        "EQUITY_UNCONFIRMED",
        true,
        "ACTIVE"
      ])
      expect(unconfirmed.record.killSwitch._tag).toBe("Inactive")
      // Confirmed, a drop past half the peak reads as a stale peak: a WARNING and an operator alert, not a halt.
      const confirmed = yield* cycleAt({ ...crash, equityConfirmed: true })
      expect([confirmed.peakStale, confirmed.violations.map((v) => v.invariant), confirmed.entriesAllowed]).toEqual([
        true,
        ["STALE_PEAK"],
        true
      ])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.scoped("the latched switch and the recovery count survive a restart (SQLite file)", () =>
    Effect.gen(function* () {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "safety-cycle-"))),
        (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true }))
      )
      const file = join(dir, "trading.db")
      yield* Effect.gen(function* () {
        yield* cycleAt(reading(NOW, 9_300))
        yield* cycleAt(reading(NOW + 6 * MINUTE, 3_000))
        yield* cycleAt(reading(NOW + HOUR, 9_300))
      }).pipe(Effect.provide(sqliteStore(file)))
      const afterRestart = yield* cycleAt(reading(NOW + HOUR + MINUTE, 3_000)).pipe(Effect.provide(sqliteStore(file)))
      expect([afterRestart.entryBlock, afterRestart.recovery]).toEqual([
        "KILL_SWITCH",
        { _tag: "Wait", reason: "TOO_SOON" }
      ])
      expect(afterRestart.record.recoveries).toEqual([NOW + 6 * MINUTE])
    })
  )
})

describe("confirmedSafetyCycle", () => {
  it.effect("re-reads equity twice 2 s apart and decides on the settled value", () =>
    Effect.gen(function* () {
      yield* cycleAt(reading(NOW, 1_000))
      const reads = yield* Ref.make<ReadonlyArray<number>>([])
      // The first reading was a glitch: fresh reads say 9 000 and 9 200 (agree within 5 %: average 9 100).
      const values = [9_000, 9_200]
      const readEquity = Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const seen = yield* Ref.updateAndGet(reads, (xs) => [...xs, now])
        return d(values[seen.length - 1] ?? 0)
      })
      const glitch = reading(NOW + MINUTE, 1_000, { account: account(3_000, 1_000) })
      yield* TestClock.setTime(glitch.now)
      const fiber = yield* Effect.fork(confirmedSafetyCycle(glitch, params, readEquity))
      yield* TestClock.adjust("2 seconds")
      const verdict = yield* Fiber.join(fiber)
      expect(yield* Ref.get(reads)).toEqual([NOW + MINUTE, NOW + MINUTE + 2_000])
      // 9 % below the 10 000 peak: no violation from the drawdown; the 0.44 position is the only WARNING.
      expect([verdict.entriesAllowed, verdict.needsEquityConfirmation, verdict.record.level]).toEqual([
        true,
        false,
        "ACTIVE"
      ])
      expect(verdict.violations.map((v) => v.invariant)).toEqual(["SINGLE_POSITION"])
    }).pipe(Effect.provide(sqliteStore()))
  )

  it.effect("does not re-read when the drawdown is plausible", () =>
    Effect.gen(function* () {
      const verdict = yield* confirmedSafetyCycle(reading(NOW, 1_000), params, Effect.die("no read expected"))
      expect(verdict.entriesAllowed).toBe(true)
    }).pipe(Effect.provide(sqliteStore()))
  )
})
