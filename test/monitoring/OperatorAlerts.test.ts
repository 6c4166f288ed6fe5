import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { type CliRun, startCli, waitForOutput, writeTestConfig } from "../integration/cliProcess.ts"
import { startFakeBotApi } from "../support/telegram/FakeBotApi.ts"

const TOKEN = "7123456789:AAHk3Lq9Zr2Xw8Vn5Tb1Yc6Md4Pf7Gh0Js3"
const CHAT = "4242"

/** Waits (bounded) until `predicate` holds of what the fake Bot API was sent. */
const waitFor = (predicate: () => boolean, what: string, timeoutMs = 15_000) =>
  Effect.promise(async () => {
    const deadline = Date.now() + timeoutMs
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })

const exited = (run: CliRun) => Effect.promise(() => run.exited)

/** The JSON log records of a process's output (other output, e.g. a stack trace, is skipped). */
const jsonRecords = (output: string): ReadonlyArray<{ message: string; annotations: Record<string, unknown> }> =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))

describe("operator alerts and decision traces of trading live, as processes", () => {
  it.live(
    "start-up, `trading kill` from another process and the graceful shutdown reach Telegram; every tick traces each symbol",
    () =>
      Effect.gen(function* () {
        const bot = yield* startFakeBotApi(TOKEN)
        const config = writeTestConfig({
          exchange: { sim: { symbols: ["BTC/USD", "ETH/USD"] } },
          data: { history_days_15m: 2, history_days_1h: 3, history_days_4h: 10, history_days_1d: 30 },
          logging: { format: "json", level: "info", decision_trace: "info" },
          monitoring: {
            telegram: {
              enabled: true,
              bot_token: TOKEN,
              chat_id: CHAT,
              commands_enabled: false,
              api_base_url: bot.baseUrl
            }
          }
        })
        const texts = () => bot.sent.map((message) => message.text)
        const live = startCli(["live", "--config", config])
        yield* Effect.addFinalizer(() => Effect.sync(() => live.child.kill("SIGKILL")))
        yield* Effect.promise(() => waitForOutput(live, (out) => out.includes('"tick 1 '), 90_000))

        yield* waitFor(() => texts().some((t) => t.includes("Started: paper on sim")), "the start-up alert")
        const started = texts().find((t) => t.includes("Started"))
        expect(started).toContain("ready · 2 symbol(s) · equity $10000.00 · 0 position(s), 0 open order(s)")
        expect(bot.sent.every((message) => String(message.chat_id) === CHAT)).toBe(true)

        const kill = startCli(["kill", "--config", config, "--reason", "alert test"])
        expect(yield* exited(kill), kill.output()).toBe(0)
        // Sent by the kill process itself, before it exited
        const killed = texts().find((t) => t.includes("Kill switch activated (trading kill)"))
        expect(killed).toContain("alert test")
        expect(killed).toContain("stops kept")

        live.child.kill("SIGTERM")
        expect(yield* exited(live), live.output()).toBe(0)
        const stopped = texts().find((t) => t.includes("<b>Stopped</b>"))
        expect(stopped).toMatch(/after \d+ tick\(s\)/)

        // Each once: the channels close by letting the delivery in flight finish, never by sending it again
        const count = (title: string) => texts().filter((t) => t.includes(title)).length
        expect([count("Started:"), count("Kill switch activated"), count("<b>Stopped</b>")]).toEqual([1, 1, 1])

        const records = jsonRecords(live.output())
        const firstTick = records.filter((r) => r.annotations.decision_trace === true && r.annotations.tick === 1)
        expect(firstTick.map((r) => r.annotations.symbol)).toEqual(["BTC/USD", "ETH/USD"])
        for (const record of firstTick) {
          expect(record.message).toMatch(/^decision (BTC|ETH)\/USD: /)
          expect(["no_signal", "stale", "rejected", "accepted", "undecided"]).toContain(record.annotations.outcome)
        }
        expect(live.output()).not.toContain(TOKEN)
        expect(kill.output()).not.toContain(TOKEN)
      }).pipe(Effect.scoped),
    150_000
  )
})
