import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { Decimal } from "../../src/domain/Money.ts"
import { Alerts } from "../../src/monitoring/Alerts.ts"
import {
  operatorKillAlert,
  operatorResumeAlert,
  shutdownAlert,
  startupAlert
} from "../../src/monitoring/AlertTemplates.ts"
import { killProgram, OperatorLive, resumeProgram } from "../../src/operator/Commands.ts"
import { Operator } from "../../src/operator/Operator.ts"
import { sharedSqliteFile } from "../operator/databases.ts"
import { startFakeBotApi } from "../support/telegram/FakeBotApi.ts"

const TOKEN = "7123456789:AAHk3Lq9Zr2Xw8Vn5Tb1Yc6Md4Pf7Gh0Js3"

describe("lifecycle and operator alerts", () => {
  it("start-up names mode, venue and the account; a shutdown on an error is critical and says why", () => {
    const started = startupAlert({
      mode: "live",
      venue: "kraken",
      symbols: 12,
      equity: new Decimal("2500.5"),
      positions: 1,
      openOrders: 3
    })
    expect(started).toMatchObject({ severity: "info", kind: "startup", title: "Started: live on kraken" })
    expect(started.text).toBe("ready · 12 symbol(s) · equity $2500.50 · 1 position(s), 3 open order(s)")
    expect(shutdownAlert(40)).toMatchObject({
      severity: "warning",
      kind: "shutdown",
      title: "Stopped",
      text: "after 40 tick(s)"
    })
    expect(shutdownAlert(3, "VenueNotSynced: no snapshot")).toMatchObject({
      severity: "critical",
      title: "Stopped on an error",
      text: "after 3 tick(s)\nVenueNotSynced: no snapshot"
    })
  })

  it("an operator's kill names its surface, says whether it flattens and when it latched; its resume likewise", () => {
    const at = Date.parse("2026-03-02T12:00:00.250Z")
    const fromCli = operatorKillAlert({
      detail: "maintenance",
      flatten: true,
      escalated: false,
      source: "trading kill",
      at
    })
    expect(fromCli).toMatchObject({ severity: "critical", kind: "kill", title: "Kill switch activated (trading kill)" })
    expect(fromCli.text).toBe(
      "maintenance\nflatten: every position is closed at the next tick\nlatched 2026-03-02T12:00:00.250Z"
    )
    const fromBot = operatorKillAlert({
      detail: "telegram chat 1: x",
      flatten: false,
      escalated: false,
      source: "Telegram",
      at
    })
    expect(fromBot.title).toBe("Kill switch activated (Telegram)")
    expect(fromBot.text).toBe(
      "telegram chat 1: x\nnext tick: entries and take-profits cancelled, stops kept\nlatched 2026-03-02T12:00:00.250Z"
    )
    const escalated = operatorKillAlert({
      detail: "maintenance",
      flatten: true,
      escalated: true,
      source: "trading kill",
      at
    })
    expect(escalated).toMatchObject({
      severity: "critical",
      kind: "kill",
      title: "Kill switch: flatten added (trading kill)"
    })
    expect(escalated.text).toBe(
      "maintenance\nflatten added to the active kill switch: every position is closed at the next tick\n" +
        "escalated 2026-03-02T12:00:00.250Z"
    )
    expect(operatorResumeAlert({ detail: "was HALTED", source: "dashboard", at })).toMatchObject({
      severity: "warning",
      kind: "resume",
      title: "Trading resumed",
      text: "dashboard: was HALTED\ncleared 2026-03-02T12:00:00.250Z"
    })
  })

  it.live("`trading resume` alerts only when it cleared something; the alerts are delivered before it returns", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      const db = yield* sharedSqliteFile
      const config = testConfigLayer({
        env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: "4242" },
        config: {
          ...db.config.config,
          monitoring: { telegram: { enabled: true, api_base_url: bot.baseUrl, commands_enabled: false } }
        }
      })
      // One command process per call, as on the command line: its alert channels close when it returns
      const command = <A, E>(program: Effect.Effect<A, E, Operator | Alerts>) =>
        program.pipe(
          Effect.provide(Layer.mergeAll(OperatorLive, Alerts.layer.pipe(Layer.provide(FetchHttpClient.layer)))),
          Effect.provide(config)
        )
      yield* command(resumeProgram())
      expect(bot.sent).toEqual([])
      yield* command(killProgram({ reason: "maintenance", flatten: false }))
      yield* command(resumeProgram())
      expect(bot.sent.map((m) => m.text.split("\n")[0])).toEqual([
        "🚨 <b>Kill switch activated (trading kill)</b>",
        "⚠️ <b>Trading resumed</b>"
      ])
      expect(bot.sent[1]?.text).toContain(
        "trading resume: cleared the kill switch (MANUAL) and safety HALTED; trading resumes at the next tick\ncleared "
      )
    }).pipe(Effect.scoped)
  )

  it.live("`trading kill` latches the switch even when every alert delivery fails", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      bot.failNext("sendMessage", 10, { status: 500, description: "Internal Server Error" })
      const db = yield* sharedSqliteFile
      const config = testConfigLayer({
        env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: "4242" },
        config: {
          ...db.config.config,
          monitoring: { telegram: { enabled: true, api_base_url: bot.baseUrl, commands_enabled: false } }
        }
      })
      const alerting = Alerts.layer.pipe(Layer.provide(FetchHttpClient.layer))
      const result = yield* killProgram({ reason: "channel down", flatten: false }).pipe(
        Effect.provide(Layer.mergeAll(OperatorLive, alerting)),
        Effect.provide(config)
      )
      expect(result.record.killSwitch).toMatchObject({ _tag: "Active", reason: "MANUAL", detail: "channel down" })
      // The command tried to tell the operator before it finished, and its failures did not fail it
      expect(bot.calls.filter((call) => call === "sendMessage").length).toBeGreaterThan(0)
      expect(bot.sent).toEqual([])
      const status = yield* Effect.flatMap(Operator, (operator) => operator.status).pipe(
        Effect.provide(OperatorLive),
        Effect.provide(config)
      )
      expect(status.safety.killSwitch._tag).toBe("Active")
    }).pipe(Effect.scoped)
  )
})
