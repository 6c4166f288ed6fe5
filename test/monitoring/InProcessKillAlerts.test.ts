import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Layer, Option } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { OperatorSurfaces } from "../../src/monitoring/OperatorSurfaces.ts"
import { databaseLayer } from "../../src/storage/Database.ts"
import { RepositoriesLive } from "../../src/storage/Storage.ts"
import { freePort } from "../support/FreePort.ts"
import { type FakeBotApi, startFakeBotApi } from "../support/telegram/FakeBotApi.ts"
import { eventually } from "../support/telegram/LoopbackServer.ts"
import { testOperator } from "./OperatorFixtures.ts"

const BOT_TOKEN = "6987654321:AAFx9Lq2Zr8Xw3Vn7Tb5Yc1Md6Pf4Gh2Js8"
const DASHBOARD_TOKEN = "kill-alerts-dash-token-5d1e"
const OWNER = 111

/** The surfaces of a live process over a working in-memory port: bot, dashboard and alerts all on `bot`. */
const surfaces = (bot: FakeBotApi, port: number) => {
  const operator = testOperator()
  const config = testConfigLayer({
    env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_CHAT_ID: String(OWNER), DASHBOARD_TOKEN },
    config: {
      monitoring: {
        telegram: { enabled: true, api_base_url: bot.baseUrl, poll_timeout_seconds: 1 },
        daily_summary_enabled: false
      },
      dashboard: { enabled: true, port }
    }
  })
  return OperatorSurfaces.pipe(
    Layer.provide(
      Layer.mergeAll(
        config,
        FetchHttpClient.layer,
        operator.layer,
        RepositoriesLive.pipe(Layer.provideMerge(databaseLayer({ databaseUrl: Option.none(), sqlitePath: ":memory:" })))
      )
    )
  )
}

// Alerts go out in Telegram's HTML mode; the bot's replies are plain text.
const alerts = (bot: FakeBotApi) => bot.sent.filter((m) => m.parse_mode === "HTML").map((m) => m.text)
const replies = (bot: FakeBotApi) => bot.sent.filter((m) => m.parse_mode === undefined).map((m) => m.text)
const titles = (bot: FakeBotApi) => alerts(bot).map((text) => /<b>(.*)<\/b>/.exec(text)?.[1])

/** Sends a command from the owner's chat and waits for its reply and for the alert count to reach `alertCount`. */
const command = (bot: FakeBotApi, text: string, alertCount: number) =>
  Effect.suspend(() => {
    const repliesBefore = replies(bot).length
    bot.receive(OWNER, text)
    return eventually(() => replies(bot).length > repliesBefore && alerts(bot).length >= alertCount)
  })

const post = (root: string, path: string, body?: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`${root}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: response.status, body: await response.json() }
  })

describe("a kill or resume from inside the live process reaches the alert channels", () => {
  it.live("Telegram /kill and /resume and the dashboard's actions alert once per engagement, never for a no-op", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(BOT_TOKEN)
      const port = yield* freePort
      yield* Layer.build(surfaces(bot, port))
      const root = `http://127.0.0.1:${port}`

      yield* command(bot, "/kill margin looks wrong", 1)
      expect(replies(bot)[0]).toContain("Kill switch ACTIVE")
      const killed = alerts(bot)[0] ?? ""
      expect(killed).toMatch(
        new RegExp(
          `^🚨 <b>Kill switch activated \\(Telegram\\)</b>\\ntelegram chat ${OWNER}: margin looks wrong\\n` +
            "next tick: entries and take-profits cancelled, stops kept\\nlatched \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$"
        )
      )
      expect(bot.sent.every((m) => m.chat_id === String(OWNER))).toBe(true)

      // Already latched: the reply says so, no alert. The resume's alert is queued behind any the second kill
      // could have raised, so counting after it proves there was none.
      yield* command(bot, "/kill", 1)
      expect(replies(bot)[1]).toBe("Kill switch was already active.")
      yield* command(bot, "/resume", 2)
      expect(alerts(bot)[1]).toMatch(/^⚠️ <b>Trading resumed<\/b>\nTelegram: safety ACTIVE\ncleared \d{4}-.+Z$/)

      // Nothing to resume: no alert; the dashboard's kill is the next one.
      yield* command(bot, "/resume", 2)
      expect(replies(bot)[3]).toMatch(/^Not resumed/)
      expect(yield* post(root, "/api/kill", { reason: "dashboard check" })).toEqual({
        status: 200,
        body: { alreadyActive: false, cancelledOrders: 2 }
      })
      yield* eventually(() => alerts(bot).length >= 3)
      expect(alerts(bot)[2]).toContain("<b>Kill switch activated (dashboard)</b>\ndashboard: dashboard check\n")

      expect((yield* post(root, "/api/kill")).body).toEqual({ alreadyActive: true, cancelledOrders: 0 })
      expect((yield* post(root, "/api/resume")).body).toEqual({ resumed: true, detail: "safety ACTIVE" })
      yield* eventually(() => alerts(bot).length >= 4)
      expect(alerts(bot)[3]).toContain("<b>Trading resumed</b>\ndashboard: safety ACTIVE\n")

      // The same kill again, well inside the throttle window: a new engagement, so a new alert (not a duplicate).
      yield* command(bot, "/kill margin looks wrong", 5)
      yield* Effect.sleep(Duration.millis(300))
      expect(titles(bot)).toEqual([
        "Kill switch activated (Telegram)",
        "Trading resumed",
        "Kill switch activated (dashboard)",
        "Trading resumed",
        "Kill switch activated (Telegram)"
      ])
    }).pipe(Effect.scoped)
  )
})
