import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, Redacted } from "effect"
import { testConfigLayer } from "../../src/config/TestConfig.ts"
import { Alert } from "../../src/monitoring/Alert.ts"
import { discordChannel } from "../../src/monitoring/AlertChannel.ts"
import { Alerts } from "../../src/monitoring/Alerts.ts"
import { makeRedactor } from "../../src/monitoring/Redaction.ts"
import { startFakeBotApi } from "../support/telegram/FakeBotApi.ts"
import { eventually } from "../support/telegram/LoopbackServer.ts"
import { startFakeDiscord } from "./FakeDiscord.ts"

const TOKEN = "7123456789:AAHk3Lq9Zr2Xw8Vn5Tb1Yc6Md4Pf7Gh0Js3"
const CHAT = "424242"

const entry = (text = "long 0.5 @ 64000, stop 62000") =>
  new Alert({ severity: "info", kind: "entry", title: "Entry", text, symbol: "BTC/USD" })

const configured = (baseUrl: string, monitoring: Record<string, unknown> = {}) =>
  Alerts.layer.pipe(
    Layer.provide(
      testConfigLayer({
        env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: CHAT },
        config: { monitoring: { telegram: { enabled: true, api_base_url: baseUrl }, ...monitoring } }
      })
    ),
    Layer.provide(FetchHttpClient.layer)
  )

const discordOnly = (url: string, queueCapacity?: number) =>
  Layer.unwrapEffect(
    Effect.map(discordChannel(Redacted.make(url)), (channel) =>
      Alerts.make({
        channels: [channel],
        throttle: { windowMs: 0, perKindLimit: 5 },
        redact: makeRedactor([]),
        drainTimeout: "100 millis",
        ...(queueCapacity === undefined ? {} : { queueCapacity })
      })
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))

describe("Alerts over Telegram (configured)", () => {
  it.live("sends sendMessage to the configured chat in HTML with the title and symbol", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        yield* alerts.send(entry("size <b>0.5</b> & stop 62000"))
        yield* eventually(() => Effect.runSync(alerts.stats).delivered === 1)
        expect(bot.sent[0]).toEqual({
          chat_id: CHAT,
          parse_mode: "HTML",
          text: "ℹ️ <b>Entry</b> · BTC/USD\nsize &lt;b&gt;0.5&lt;/b&gt; &amp; stop 62000"
        })
        expect(yield* alerts.stats).toMatchObject({ accepted: 1, delivered: 1, failed: 0 })
      }).pipe(Effect.provide(configured(bot.baseUrl)))
    }).pipe(Effect.scoped)
  )

  it.live("drops duplicates within the throttle window and redacts secrets from alert text", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        yield* alerts.send(entry())
        yield* alerts.send(entry())
        yield* alerts.send(
          new Alert({ severity: "critical", kind: "error", title: "API error", text: `POST /bot${TOKEN}/x failed` })
        )
        yield* eventually(() => bot.sent.length === 2)
        expect(bot.sent[1]?.text).toBe("🚨 <b>API error</b>\nPOST /bot&lt;redacted&gt;/x failed")
        expect(yield* alerts.stats).toMatchObject({ accepted: 2, duplicates: 1 })
      }).pipe(Effect.provide(configured(bot.baseUrl)))
    }).pipe(Effect.scoped)
  )

  it.live("counts and logs a rejected delivery without failing the sender", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      bot.failNext("sendMessage", 1, { status: 400, description: "Bad Request: chat not found" })
      yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        yield* alerts.send(entry("first"))
        yield* alerts.send(entry("second"))
        yield* eventually(() => bot.sent.length === 1)
        expect(bot.sent[0]?.text).toContain("second")
        yield* eventually(() => Effect.runSync(alerts.stats).failed === 1)
      }).pipe(Effect.provide(configured(bot.baseUrl)))
    }).pipe(Effect.scoped)
  )

  it.live("retries a rate-limited sendMessage after retry_after", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      bot.failNext("sendMessage", 1, { status: 429, description: "Too Many Requests: retry after 1", retryAfter: 0.05 })
      yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        yield* alerts.send(entry())
        yield* eventually(() => Effect.runSync(alerts.stats).delivered === 1)
        expect(bot.sent).toHaveLength(1)
        expect(bot.calls.filter((method) => method === "sendMessage")).toHaveLength(2)
        expect(yield* alerts.stats).toMatchObject({ delivered: 1, failed: 0 })
      }).pipe(Effect.provide(configured(bot.baseUrl)))
    }).pipe(Effect.scoped)
  )

  it.live("delivers what is still queued when the layer closes, the alert in flight included, each once", () =>
    Effect.gen(function* () {
      const bot = yield* startFakeBotApi(TOKEN)
      // The first delivery is held by a rate limit while the next two wait in the queue behind it
      bot.failNext("sendMessage", 1, { status: 429, description: "Too Many Requests: retry after 1", retryAfter: 0.2 })
      yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        for (const text of ["in flight", "queued 1", "queued 2"]) yield* alerts.send(entry(text))
        yield* eventually(() => bot.calls.includes("sendMessage"))
        expect(bot.sent).toEqual([])
      }).pipe(Effect.provide(configured(bot.baseUrl)))
      expect(bot.sent.map((message) => message.text.split("\n")[1])).toEqual(["in flight", "queued 1", "queued 2"])
    }).pipe(Effect.scoped)
  )

  it.effect("is a no-op when no channel is enabled", () =>
    Effect.gen(function* () {
      const alerts = yield* Alerts
      yield* alerts.send(entry())
      expect(yield* alerts.stats).toEqual({
        accepted: 0,
        duplicates: 0,
        rateLimited: 0,
        dropped: 0,
        delivered: 0,
        failed: 0
      })
    }).pipe(Effect.provide(Alerts.layer.pipe(Layer.provide(testConfigLayer()), Layer.provide(FetchHttpClient.layer))))
  )
})

describe("Alerts over a Discord webhook", () => {
  it.live("posts {content} and accepts 204; retries 500 and 429", () =>
    Effect.gen(function* () {
      const discord = yield* startFakeDiscord()
      discord.script({ status: 500 }, { status: 429, retryAfter: 0.05 })
      yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        yield* alerts.send(new Alert({ severity: "warning", kind: "halt", title: "Halted", text: "margin 85%" }))
        yield* eventually(() => discord.contents.length === 1)
        expect(discord.contents).toEqual(["⚠️ **Halted**\nmargin 85%"])
        expect(discord.attempts()).toBe(3)
      }).pipe(Effect.provide(discordOnly(discord.url)))
    }).pipe(Effect.scoped)
  )

  it.live(
    "never blocks the sender on a hanging channel, drops beyond the queue's capacity, closes in the drain time",
    () =>
      Effect.gen(function* () {
        const discord = yield* startFakeDiscord()
        discord.script(...Array.from({ length: 20 }, () => "hang" as const))
        let closing = 0
        yield* Effect.gen(function* () {
          const alerts = yield* Alerts
          yield* alerts.send(entry("0"))
          yield* eventually(() => discord.attempts() === 1)
          const started = Date.now()
          for (let i = 1; i < 10; i++) yield* alerts.send(entry(String(i)))
          expect(Date.now() - started).toBeLessThan(500)
          closing = Date.now()
          expect(yield* alerts.stats).toMatchObject({ accepted: 3, dropped: 7, delivered: 0 })
        }).pipe(Effect.provide(discordOnly(discord.url, 2)))
        // Closing waits the drain timeout (100 ms), not the hanging channel's own 10 s request timeout
        expect(Date.now() - closing).toBeLessThan(2_000)
      }).pipe(Effect.scoped)
  )

  it.live("a drain that runs out of time warns how many alerts it leaves undelivered and counts them dropped", () =>
    Effect.gen(function* () {
      const discord = yield* startFakeDiscord()
      discord.script(...Array.from({ length: 5 }, () => "hang" as const))
      const warnings: Array<{ message: unknown; annotations: Record<string, unknown> }> = []
      const capturing = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ logLevel, message, annotations }) => {
          if (logLevel._tag === "Warning") warnings.push({ message, annotations: Object.fromEntries(annotations) })
        })
      )
      const alerts = yield* Effect.gen(function* () {
        const alerts = yield* Alerts
        for (const text of ["in flight", "queued 1", "queued 2"]) yield* alerts.send(entry(text))
        yield* eventually(() => discord.attempts() === 1)
        return alerts
      }).pipe(Effect.provide(discordOnly(discord.url)), Effect.provide(capturing))
      expect(yield* alerts.stats).toMatchObject({ accepted: 3, dropped: 3, delivered: 0, failed: 0 })
      expect(warnings).toEqual([
        {
          message: ["alerts not delivered: the drain at close ran out of time"],
          annotations: { left: 3, drainTimeout: "100ms" }
        }
      ])
    }).pipe(Effect.scoped)
  )
})
