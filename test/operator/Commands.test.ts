import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, type Scope, TestClock } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import type { Alerts } from "../../src/monitoring/Alerts.ts"
import { killProgram, OperatorLive, resumeProgram, statusProgram } from "../../src/operator/Commands.ts"
import { DEFAULT_KILL_DETAIL, Operator } from "../../src/operator/Operator.ts"
import { AccountStateRepository } from "../../src/storage/AccountStateRepository.ts"
import { PositionRepository } from "../../src/storage/PositionRepository.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { SystemEventRepository } from "../../src/storage/SystemEventRepository.ts"
import { recordingAlerts } from "../monitoring/RecordingAlerts.ts"
import { accountState, event, position } from "../storage/fixtures.ts"
import { postgresUrl, type SharedDatabase, sharedPostgresSchema, sharedSqliteFile } from "./databases.ts"

const T0 = Date.UTC(2026, 0, 5, 12)
const ALL_TIME = { from: 0, to: Number.MAX_SAFE_INTEGER }

/** One command "process": the configuration selecting the shared database, and its own Operator over it. */
const operatorProcess = (db: SharedDatabase) =>
  Layer.build(OperatorLive.pipe(Layer.provide(testConfigLayer(db.config)))).pipe(
    Effect.map((context) => Context.get(context, Operator))
  )

/** The repositories of another connection to the shared database (what the live process writes). */
const repositories = (db: SharedDatabase) => Layer.build(RepositoriesLive.pipe(Layer.provide(db.connect())))

/** Runs a command program against one process's Operator, capturing what it prints. */
const run = <A, E>(program: Effect.Effect<A, E, Operator>, operator: Context.Tag.Service<Operator>) =>
  Effect.gen(function* () {
    const lines: Array<string> = []
    const console = yield* Effect.console
    const result = yield* program.pipe(
      Effect.provideService(Operator, operator),
      Effect.withConsole({ ...console, log: (...args) => Effect.sync(() => void lines.push(args.join(" "))) })
    )
    return { result, printed: lines.join("\n") }
  })

const suite = (database: Effect.Effect<SharedDatabase, unknown, Scope.Scope>) => {
  it.scoped("status of a fresh database: trading, no account, no positions, no tick", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const operator = yield* operatorProcess(yield* database)
      const text = yield* run(statusProgram({ json: false }), operator)
      expect(text.printed).toBe(text.result)
      expect(text.printed).toMatch(/^mode\s+paper \(venue sim\)$/m)
      expect(text.printed).toMatch(/^safety\s+ACTIVE$/m)
      expect(text.printed).toMatch(/^kill switch\s+inactive$/m)
      expect(text.printed).toMatch(/^equity\s+no account snapshot yet$/m)
      expect(text.printed).toMatch(/^last tick\s+never$/m)
      expect(text.printed).toContain("no open positions")
      const json = JSON.parse((yield* run(statusProgram({ json: true }), operator)).printed)
      expect(json).toMatchObject({
        mode: "paper",
        venue: "sim",
        safety: { level: "ACTIVE", killSwitch: { active: false }, peakEquity: null },
        account: null,
        positions: [],
        lastTickAt: null
      })
    })
  )

  it.scoped("a kill from one process is seen by another, recorded once as an event, and latched", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const db = yield* database
      const cli = yield* operatorProcess(db)
      const live = yield* operatorProcess(db)
      const killed = yield* run(killProgram({ reason: "  exchange looks wrong ", flatten: false }), cli)
      expect(killed.result.alreadyActive).toBe(false)
      expect(killed.printed).toMatch(/^kill switch activated: ACTIVE MANUAL since 2026-01-05T12:00:00.000Z: exchange/)

      const seen = yield* live.status
      expect(seen.safety.level).toBe("HALTED")
      expect(seen.safety.killSwitch).toEqual({
        _tag: "Active",
        reason: "MANUAL",
        activatedAt: T0,
        flatten: false,
        detail: "exchange looks wrong"
      })

      yield* TestClock.adjust(60_000)
      const again = yield* run(killProgram({ flatten: true }), live)
      expect(again.result.alreadyActive).toBe(true)
      expect(again.printed).toMatch(/^kill switch was already active, kept: ACTIVE MANUAL since 2026-01-05T12:00:00/)
      // The first reason and time stay; the flatten request escalates
      expect((yield* cli.status).safety.killSwitch).toMatchObject({
        activatedAt: T0,
        flatten: true,
        detail: "exchange looks wrong"
      })

      const repos = yield* repositories(db)
      const events = yield* Context.get(repos, SystemEventRepository).byType("kill_switch_activated", ALL_TIME)
      expect(events.map((e) => [e.timestamp, e.details])).toEqual([
        [
          T0,
          { reason: "MANUAL", detail: "exchange looks wrong", flatten: false, source: "operator", alreadyActive: false }
        ],
        [
          T0 + 60_000,
          { reason: "MANUAL", detail: DEFAULT_KILL_DETAIL, flatten: true, source: "operator", alreadyActive: true }
        ]
      ])
    })
  )

  it.scoped("resume from another process clears the switch and the halt together; a second resume does nothing", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const db = yield* database
      const cli = yield* operatorProcess(db)
      const live = yield* operatorProcess(db)
      yield* live.kill({ reason: "test", flatten: true })
      yield* TestClock.adjust(5_000)
      const resumed = yield* run(resumeProgram(), cli)
      expect(resumed.result.cleared).toBe(true)
      expect(resumed.result.previous.level).toBe("HALTED")
      expect(resumed.printed).toMatch(
        /^resumed: cleared ACTIVE MANUAL since .* \(flatten requested\): test, level HALTED -> ACTIVE$/
      )
      const after = yield* live.status
      expect(after.safety.killSwitch).toEqual({ _tag: "Inactive" })
      expect(after.safety.level).toBe("ACTIVE")

      const twice = yield* run(resumeProgram(), live)
      expect(twice.result.cleared).toBe(false)
      expect(twice.printed).toBe("nothing to resume: trading was not halted")
      const repos = yield* repositories(db)
      const cleared = yield* Context.get(repos, SystemEventRepository).byType("kill_switch_cleared", ALL_TIME)
      expect(cleared.map((e) => [e.timestamp, e.details])).toEqual([
        [T0 + 5_000, { source: "operator", previousLevel: "HALTED", previousReason: "MANUAL" }]
      ])
    })
  )

  it.scoped("`trading kill` and `trading resume` alert once per engagement, each with its time", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const cli = yield* operatorProcess(yield* database)
      // Every send recorded, no throttle in between: a second alert could not be hidden as a duplicate
      const { sent, layer: alerts } = recordingAlerts()
      const command = <A, E>(program: Effect.Effect<A, E, Operator | Alerts>) =>
        run(Effect.provide(program, alerts), cli)
      const alerted = () => sent.map((alert) => [alert.title, alert.text])

      yield* command(killProgram({ reason: "venue drift", flatten: false }))
      yield* TestClock.adjust(60_000)
      expect((yield* command(killProgram({ reason: "again", flatten: false }))).result.alreadyActive).toBe(true)
      expect(alerted()).toEqual([
        [
          "Kill switch activated (trading kill)",
          "venue drift\nnext tick: entries and take-profits cancelled, stops kept\nlatched 2026-01-05T12:00:00.000Z"
        ]
      ])

      yield* TestClock.adjust(60_000)
      yield* command(resumeProgram())
      yield* command(resumeProgram())
      yield* command(killProgram({ flatten: true }))
      expect(alerted().slice(1)).toEqual([
        [
          "Trading resumed",
          "trading resume: cleared the kill switch (MANUAL) and safety HALTED; trading resumes at the next tick\n" +
            "cleared 2026-01-05T12:02:00.000Z"
        ],
        [
          "Kill switch activated (trading kill)",
          `${DEFAULT_KILL_DETAIL}\nflatten: every position is closed at the next tick\nlatched 2026-01-05T12:02:00.000Z`
        ]
      ])
    })
  )

  it.scoped("`trading kill --flatten` on a switch latched without flatten alerts that flattening was added", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const db = yield* database
      const cli = yield* operatorProcess(db)
      const { sent, layer: alerts } = recordingAlerts()
      const kill = (flatten: boolean, reason = "venue drift") =>
        run(Effect.provide(killProgram({ reason, flatten }), alerts), cli)
      const alerted = () => sent.map((alert) => [alert.title, alert.text])

      expect((yield* kill(false)).result.escalated).toBe(false)
      yield* TestClock.adjust(60_000)
      // The escalation's alert gives its own reason (the record keeps the first latch's)
      const escalation = yield* kill(true, "drift is growing")
      expect(escalation.result).toMatchObject({ alreadyActive: true, escalated: true })
      yield* TestClock.adjust(60_000)
      // Flatten already on: nothing new, no alert
      expect((yield* kill(true)).result).toMatchObject({ alreadyActive: true, escalated: false })
      expect(alerted()).toEqual([
        [
          "Kill switch activated (trading kill)",
          "venue drift\nnext tick: entries and take-profits cancelled, stops kept\nlatched 2026-01-05T12:00:00.000Z"
        ],
        [
          "Kill switch: flatten added (trading kill)",
          "drift is growing\nflatten added to the active kill switch: every position is closed at the next tick\n" +
            "escalated 2026-01-05T12:01:00.000Z"
        ]
      ])
    })
  )

  it.scoped("`trading kill --flatten` twice alerts once", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const cli = yield* operatorProcess(yield* database)
      const { sent, layer: alerts } = recordingAlerts()
      const kill = run(Effect.provide(killProgram({ flatten: true }), alerts), cli)
      yield* kill
      yield* TestClock.adjust(60_000)
      expect((yield* kill).result).toMatchObject({ alreadyActive: true, escalated: false })
      expect(sent.map((alert) => alert.title)).toEqual(["Kill switch activated (trading kill)"])
    })
  )

  it.scoped("status shows the latest account, the open positions with their stops and the last tick", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0 + 10 * 60_000)
      const db = yield* database
      const repos = yield* repositories(db)
      yield* Context.get(repos, AccountStateRepository).append(accountState(T0 - 60_000, "900"))
      yield* Context.get(repos, AccountStateRepository).append(accountState(T0, "1000"))
      const positions = Context.get(repos, PositionRepository)
      yield* positions.upsert(position({ symbol: "ETH/USD", stopOrderId: "stop-eth-1" }))
      yield* positions.upsert(position({ symbol: "BTC/USD", futuresSymbol: "PF_XBTUSD", state: "CLOSED" }))
      const events = Context.get(repos, SystemEventRepository)
      for (const at of [T0 - 30_000, T0 + 60_000, T0]) {
        yield* events.append(event({ timestamp: at, eventType: "tick_completed" }))
      }
      yield* events.append(event({ timestamp: T0 + 120_000, eventType: "decision_trace" }))

      const operator = yield* operatorProcess(db)
      const report = yield* operator.status
      expect(report.account?.equity.toString()).toBe("1000")
      expect(report.positions.map((p) => p.symbol)).toEqual(["ETH/USD"])
      expect(report.lastTickAt).toBe(T0 + 60_000)

      const text = (yield* run(statusProgram({ json: false }), operator)).printed
      expect(text).toMatch(/^equity\s+1000\.00 USD at 2026-01-05T12:00:00\.000Z$/m)
      expect(text).toMatch(/^margin used\s+12\.50 USD \(1\.3 %\)$/m)
      expect(text).toMatch(/^last tick\s+2026-01-05T12:01:00\.000Z \(540 s ago\)$/m)
      expect(text).toMatch(/^SYMBOL\s+SIDE\s+STATE\s+SIZE\s+ENTRY\s+MARK\s+STOP\s+STOP ORDER\s+UPNL$/m)
      expect(text).toMatch(/^ETH\/USD\s+short\s+PROTECTED\s+1\.5\s+3500\.5\s+3490\.125\s+3550\s+stop-eth-1\s+15\.56$/m)
      expect(text).not.toContain("BTC/USD")

      const json = JSON.parse((yield* run(statusProgram({ json: true }), operator)).printed)
      expect(json.account).toEqual({
        at: "2026-01-05T12:00:00.000Z",
        equity: "1000",
        balance: "1000",
        marginUsed: "12.5",
        availableMargin: "987.5",
        unrealizedPnl: "-0.000000000000000001",
        marginUsage: 0.0125
      })
      expect(json.positions).toEqual([
        {
          symbol: "ETH/USD",
          futuresSymbol: "PF_ETHUSD",
          side: "short",
          state: "PROTECTED",
          size: "1.5",
          entryPrice: "3500.5",
          markPrice: "3490.125",
          stopPrice: "3550",
          stopOrderId: "stop-eth-1",
          isProtected: true,
          unrealizedPnl: "15.5625"
        }
      ])
      expect(json.lastTickAt).toBe("2026-01-05T12:01:00.000Z")
    })
  )
}

describe("operator commands over a shared SQLite file", () => suite(sharedSqliteFile))

describe.skipIf(postgresUrl === undefined)(
  postgresUrl === undefined
    ? "operator commands on PostgreSQL: DATABASE_URL not set"
    : "operator commands on PostgreSQL",
  () => suite(sharedPostgresSchema(postgresUrl ?? ""))
)
