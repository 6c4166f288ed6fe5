import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Layer, Redacted } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import type { Operator } from "../../src/monitoring/OperatorPort.ts"
import { makeTelegramApi } from "../../src/monitoring/TelegramApi.ts"
import * as TelegramBot from "../../src/monitoring/TelegramBot.ts"
import { type FakeBotApi, startFakeBotApi } from "../support/telegram/FakeBotApi.ts"
import { eventually } from "../support/telegram/LoopbackServer.ts"
import { testOperator } from "./OperatorFixtures.ts"

const TOKEN = "6987654321:AAFx9Lq2Zr8Xw3Vn7Tb5Yc1Md6Pf4Gh2Js8"
const OWNER = 111
const DEPUTY = 222
const STRANGER = 999

const configuredBot = (bot: FakeBotApi, operator: Layer.Layer<Operator>, telegram = {}) =>
  TelegramBot.layer.pipe(
    Layer.provide(
      testConfigLayer({
        env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: String(OWNER) },
        config: {
          monitoring: {
            telegram: {
              enabled: true,
              api_base_url: bot.baseUrl,
              poll_timeout_seconds: 2,
              allowed_chat_ids: [DEPUTY],
              ...telegram
            }
          }
        }
      })
    ),
    Layer.provide(FetchHttpClient.layer),
    Layer.provide(operator)
  )

/** Sends `text` from `chat` and waits for the reply count to reach `replies`. */
const ask = (bot: FakeBotApi, chat: number, text: string, replies: number) =>
  Effect.suspend(() => {
    bot.receive(chat, text)
    return eventually(() => bot.sent.length >= replies)
  })

const replyText = (bot: FakeBotApi, index: number) => bot.sent[index]?.text ?? ""

describe("TelegramBot over a loopback Bot API", () => {
  it.live("long-polls with the configured timeout, answers /status and confirms offsets", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      const operator = testOperator()
      yield* Effect.gen(function* () {
        yield* ask(bot, OWNER, "/status", 1)
        expect(bot.sent[0]?.chat_id).toBe(String(OWNER))
        expect(replyText(bot, 0)).toContain("Mode: paper · safety ACTIVE")
        expect(replyText(bot, 0)).toContain("Equity: $10250.50")
        yield* ask(bot, OWNER, "/s", 2)
        yield* eventually(() => bot.polls.length >= 3)
        expect(bot.polls[0]).toEqual({ timeout: 2 })
        // Each poll after an update confirms it: offset = last update_id + 1.
        expect(bot.polls.slice(1, 3).map((poll) => poll.offset)).toEqual([1001, 1002])
        expect(operator.calls).toEqual(["status", "status"])
      }).pipe(Effect.provide(configuredBot(bot, operator.layer)))
    }).pipe(Effect.scoped)
  )

  it.live("ignores chats that are not allowlisted and answers allowed_chat_ids", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      const operator = testOperator()
      yield* Effect.gen(function* () {
        bot.receive(STRANGER, "/kill now")
        yield* ask(bot, DEPUTY, "/positions", 1)
        expect(bot.sent.map((message) => message.chat_id)).toEqual([String(DEPUTY)])
        expect(replyText(bot, 0)).toContain("BTC/USD LONG 0.5 @ 64000")
        expect(operator.calls).toEqual(["positions"])
      }).pipe(Effect.provide(configuredBot(bot, operator.layer)))
    }).pipe(Effect.scoped)
  )

  it.live("runs every command through the Operator port", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      const operator = testOperator()
      yield* Effect.gen(function* () {
        const script = [
          "/t 5",
          "/orders",
          "/pnl",
          "/kill margin looks wrong",
          "/kill",
          "/status",
          "/resume",
          "/help",
          "/start",
          "/buy",
          "hi"
        ]
        let expected = 0
        for (const text of script) {
          if (text !== "hi") expected++
          yield* ask(bot, OWNER, text, expected)
        }
        expect(operator.calls).toEqual([
          "trades:5",
          "orders",
          "pnl",
          `kill:telegram chat ${OWNER}: margin looks wrong`,
          `kill:telegram chat ${OWNER}: no reason given`,
          "status",
          "resume"
        ])
        const replies = bot.sent.map((message) => message.text)
        expect(replies[0]).toContain("ETH/USD short 3000 → 3100 -$205.00 (stop_loss)")
        expect(replies[1]).toContain("PF_XBTUSD sell stop 0.5 @ 63000 reduce-only")
        expect(replies[2]).toContain("Unrealized: +$500.00")
        expect(replies[3]).toContain("Kill switch ACTIVE")
        expect(replies[4]).toBe("Kill switch was already active.")
        expect(replies[5]).toMatch(new RegExp(`Kill switch: ON .+ \\(telegram chat ${OWNER}: margin looks wrong\\)`))
        expect(replies[6]).toBe("Trading resumed: safety ACTIVE")
        expect(replies[7]).toContain("/positions (/pos, /p)")
        expect(replies[8]).toBe(replies[7])
        expect(replies[9]).toBe("Unknown command /buy. /help lists the commands.")
        expect(replies).toHaveLength(10)
      }).pipe(Effect.provide(configuredBot(bot, operator.layer)))
    }).pipe(Effect.scoped)
  )

  it.live("does not act on commands older than five minutes (replayed after a restart)", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      const operator = testOperator()
      yield* Effect.gen(function* () {
        bot.receive(OWNER, "/kill", Date.now() - TelegramBot.MAX_COMMAND_AGE_MS - 60_000)
        yield* ask(bot, OWNER, "/status", 1)
        expect(operator.calls).toEqual(["status"])
        expect(replyText(bot, 0)).toContain("Kill switch: off")
      }).pipe(Effect.provide(configuredBot(bot, operator.layer)))
    }).pipe(Effect.scoped)
  )

  it.live("replies with the error when the Operator fails", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      yield* ask(bot, OWNER, "/status", 1).pipe(
        Effect.provide(configuredBot(bot, testOperator({ failing: true }).layer))
      )
      expect(replyText(bot, 0)).toBe("⚠️ /status failed: exchange unreachable")
    }).pipe(Effect.scoped)
  )

  it.live("backs off after failed polls and recovers", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      bot.failNext("getUpdates", 3, { status: 502, description: "Bad Gateway" })
      const api = yield* makeTelegramApi({ baseUrl: bot.baseUrl, token: Redacted.make(TOKEN) })
      const started = Date.now()
      yield* ask(bot, OWNER, "/help", 1).pipe(
        Effect.provide(
          TelegramBot.telegramBotLayer({
            api,
            allowedChatIds: [String(OWNER)],
            pollTimeoutSeconds: 1,
            backoff: { initial: Duration.millis(100), max: Duration.millis(200) }
          }).pipe(Layer.provide(testOperator().layer))
        )
      )
      // Three failures wait 100 + 200 + 200 ms before the poll that succeeds.
      expect(Date.now() - started).toBeGreaterThanOrEqual(500)
      expect(bot.calls.filter((method) => method === "getUpdates").length).toBeGreaterThanOrEqual(4)
      expect(replyText(bot, 0)).toContain("Commands:")
    }).pipe(Effect.provide(FetchHttpClient.layer), Effect.scoped)
  )

  it.live("does not poll when commands are disabled", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      yield* Effect.sleep("200 millis").pipe(
        Effect.provide(configuredBot(bot, testOperator().layer, { commands_enabled: false }))
      )
      expect(bot.polls).toEqual([])
    }).pipe(Effect.scoped)
  )
})

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the maximum", () => {
    const backoff = { initial: Duration.seconds(1), max: Duration.minutes(1) }
    expect(
      [1, 2, 3, 6, 7, 40].map((failures) => Duration.toSeconds(TelegramBot.backoffDelay(backoff, failures)))
    ).toEqual([1, 2, 4, 32, 60, 60])
  })
})
