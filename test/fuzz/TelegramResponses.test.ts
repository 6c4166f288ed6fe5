import type { ServerResponse } from "node:http"
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option, Redacted, Ref } from "effect"
import { makeTelegramApi } from "../../src/monitoring/TelegramApi.ts"
import { runTelegramBot } from "../../src/monitoring/TelegramBot.ts"
import { testOperator } from "../monitoring/OperatorFixtures.ts"
import { eventually, startLoopbackServer } from "../support/telegram/LoopbackServer.ts"

// A Bot API server on 127.0.0.1 that answers getUpdates and sendMessage with hostile bodies, each followed by a
// good update carrying /status: the bot must answer every good one, keep polling and never take a hostile update
// for a command, while the rest of the program (a ticking fiber standing in for the trading loop) runs on.

const TOKEN = "6987654321:AAFx9Lq2Zr8Xw3Vn7Tb5Yc1Md6Pf4Gh2Js8"
const OWNER = 111

interface Raw {
  readonly status: number
  readonly body: string
}

const json = (body: unknown, status = 200): Raw => ({ status, body: JSON.stringify(body) })
const message = (id: number, text: string, chat: unknown = OWNER, date = Math.floor(Date.now() / 1000)) => ({
  update_id: id,
  message: { message_id: id, date, chat: { id: chat, type: "private" }, from: { id: OWNER }, text }
})

/** getUpdates answers no Bot API should give, but a proxy, an outage or a bug can. */
const HOSTILE_UPDATES: ReadonlyArray<readonly [string, Raw]> = [
  ["truncated JSON", { status: 200, body: '{"ok":true,"result":[{"update_id":' }],
  ["an empty body", { status: 200, body: "" }],
  ["an HTML error page", { status: 502, body: "<html><body>502 Bad Gateway</body></html>" }],
  ["a result that is not a list", json({ ok: true, result: "NaN" })],
  ["no result", json({ ok: true })],
  ["ok as a string", json({ ok: "yes", result: [] })],
  ["a refusal with an infinite retry_after", { status: 429, body: '{"ok":false,"parameters":{"retry_after":1e400}}' }],
  ["a NaN update id", json({ ok: true, result: [{ update_id: "NaN" }] })],
  ["an overflowing update id", { status: 200, body: '{"ok":true,"result":[{"update_id":1e400}]}' }],
  ["a command whose chat id is an object", json({ ok: true, result: [message(40, "/kill", {})] })],
  ["a command sent in the year 33658", json({ ok: true, result: [message(41, "/kill", OWNER, 1e12)] })],
  ["a command sent before 1970", json({ ok: true, result: [message(42, "/kill", OWNER, -1e15)] })],
  ["a 10000-deep result", { status: 200, body: `{"ok":true,"result":${"[".repeat(10_000)}${"]".repeat(10_000)}}` }],
  ["a megabyte of text", json({ ok: true, result: [message(43, `/help ${"x".repeat(1_000_000)}`, 999)] })]
]

/** sendMessage answers that must not stop the bot either. */
const HOSTILE_SENDS: ReadonlyArray<Raw> = [
  { status: 200, body: '{"ok":true,"result":{"message_id":' },
  { status: 500, body: "<html>oops</html>" },
  json({ ok: false, error_code: 400, description: "Bad Request: can't parse entities" }, 400),
  json({ ok: true, result: "NaN" })
]

interface Script {
  readonly updates: Array<Raw>
  readonly sends: Array<Raw>
  /** Texts of every sendMessage received, answered well or not. */
  readonly received: Array<string>
  /** Offsets of every getUpdates received. */
  readonly offsets: Array<number | undefined>
}

const hostileBotApi = (script: Script) =>
  startLoopbackServer(({ path, body }, response: ServerResponse) => {
    const answer = (raw: Raw) => response.writeHead(raw.status, { "content-type": "application/json" }).end(raw.body)
    const params = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {}
    if (path === `/bot${TOKEN}/getUpdates`) {
      script.offsets.push(typeof params.offset === "number" ? params.offset : undefined)
      const next = script.updates.shift()
      // Nothing queued: a short long-poll, as the Bot API holds the request when nothing is pending
      if (next === undefined) return void setTimeout(() => answer(json({ ok: true, result: [] })), 20)
      return answer(next)
    }
    if (path === `/bot${TOKEN}/sendMessage`) {
      script.received.push(String(params.text))
      return answer(script.sends.shift() ?? json({ ok: true, result: { message_id: 1, chat: { id: OWNER } } }))
    }
    return answer(json({ ok: false, error_code: 404, description: "Not Found" }, 404))
  })

describe("the Telegram bot against a hostile Bot API", () => {
  it.live(
    "answers every good command between hostile answers, confirms malformed updates and never crashes",
    () =>
      Effect.gen(function* () {
        const script: Script = { updates: [], sends: [...HOSTILE_SENDS], received: [], offsets: [] }
        let nextId = 1000
        for (const [, hostile] of HOSTILE_UPDATES) {
          script.updates.push(hostile, json({ ok: true, result: [message(nextId++, "/status")] }))
        }
        // One malformed update beside a good one in the same batch: the good one is answered, both confirmed
        const poisoned = nextId++
        const good = nextId++
        script.updates.push(
          json({
            ok: true,
            result: [
              { update_id: poisoned, message: { message_id: "x", chat: { id: [] }, text: 7 } },
              message(good, "/status")
            ]
          })
        )
        const baseUrl = yield* hostileBotApi(script)
        const operator = testOperator()
        const api = yield* makeTelegramApi({ baseUrl, token: Redacted.make(TOKEN) })
        const bot = yield* runTelegramBot({
          api,
          allowedChatIds: [String(OWNER)],
          pollTimeoutSeconds: 1,
          backoff: { initial: "5 millis", max: "20 millis" }
        }).pipe(Effect.provide(operator.layer), Effect.forkScoped)
        // Stands in for the trading loop: it must keep its pace whatever the bot is fed
        const ticks = yield* Ref.make(0)
        yield* Effect.forkScoped(
          Effect.forever(
            Effect.zipRight(
              Effect.sleep("10 millis"),
              Ref.update(ticks, (n) => n + 1)
            )
          )
        )

        const commands = HOSTILE_UPDATES.length + 1
        yield* eventually(() => script.received.length >= commands, 15_000)
        yield* eventually(() => script.offsets.includes(good + 1), 5_000)

        expect(script.received.every((text) => text.includes("Mode: paper"))).toBe(true)
        expect(operator.calls).toEqual(Array.from({ length: commands }, () => "status"))
        // The poisoned update was confirmed with the good one rather than refused with it forever
        expect(script.offsets.filter((o) => o !== undefined && o > poisoned)).not.toHaveLength(0)
        expect(yield* Fiber.poll(bot)).toEqual(Option.none())
        expect(yield* Ref.get(ticks)).toBeGreaterThan(10)
      }).pipe(Effect.provide(FetchHttpClient.layer), Effect.scoped),
    30_000
  )

  it.live("a bug set off by an answer (a defect in getUpdates) is retried, not the end of the bot", () =>
    Effect.gen(function* () {
      const script: Script = {
        updates: [json({ ok: true, result: [message(7, "/status")] })],
        sends: [],
        received: [],
        offsets: []
      }
      const baseUrl = yield* hostileBotApi(script)
      const api = yield* makeTelegramApi({ baseUrl, token: Redacted.make(TOKEN) })
      let calls = 0
      // The first poll dies as a stack overflow in a decoder would; the later ones reach the server
      const dying = {
        ...api,
        getUpdates: (params: Parameters<typeof api.getUpdates>[0]) =>
          ++calls === 1 ? Effect.die(new RangeError("Maximum call stack size exceeded")) : api.getUpdates(params)
      }
      const operator = testOperator()
      const bot = yield* runTelegramBot({
        api: dying,
        allowedChatIds: [String(OWNER)],
        pollTimeoutSeconds: 1,
        backoff: { initial: "5 millis", max: "20 millis" }
      }).pipe(Effect.provide(operator.layer), Effect.forkScoped)
      yield* eventually(() => script.received.length >= 1, 5_000)
      expect(operator.calls).toEqual(["status"])
      expect(yield* Fiber.poll(bot)).toEqual(Option.none())
    }).pipe(Effect.provide(FetchHttpClient.layer), Effect.scoped)
  )
})
